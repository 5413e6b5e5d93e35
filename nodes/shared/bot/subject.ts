import type { Language } from '../classifier/language';
import type { Db } from '../store';
import { onlyAsksForPerson } from './personWords';
import { foldedWords, isExactly, type Phrase } from './phrases';

/** How far back in the conversation a customer's question is looked for. */
const LOOK_BACK = 10;

/**
 * What a customer who asks for a person needs, for the topic the conversation is routed by: the
 * request itself when it says more than "a person, please", else the customer's latest earlier
 * message in the conversation that does (the question the bot answered or could not), else null.
 * Greetings and typed menu choices say nothing of it.
 */
export async function subjectOfRequest(
	db: Db,
	conversationId: number,
	request: string,
	language: Language,
	personWords: readonly string[],
	greetings: readonly Phrase[],
): Promise<string | null> {
	const says = (written: string) => {
		const words = foldedWords(written);
		return words.length > 0 && !/^\d{1,2}$/.test(written.trim()) && !isExactly(words, greetings) && !onlyAsksForPerson(words, language, personWords);
	};
	if (says(request)) return request;
	const earlier = await db.query(
		"SELECT text FROM messages WHERE conversation_id = ? AND direction = 'in' AND text <> '' ORDER BY id DESC LIMIT ?",
		[conversationId, LOOK_BACK],
	);
	return earlier.map((row) => String(row.text)).find(says) ?? null;
}
