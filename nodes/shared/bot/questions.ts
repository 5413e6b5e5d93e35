import { iso, now } from '../store/rows';
import type { Db } from '../store';

/**
 * Questions the bot could not answer, kept to learn from (the `bot_questions` table): what the
 * customer wrote, the "did you mean" entry they picked, and the operator's first reply after it.
 */

/** `unanswered`: the bot had nothing (or its answer did not help); `asked`: it offered "did you mean". */
export type QuestionOutcome = 'unanswered' | 'asked';

export interface LearnableQuestion {
	id: number;
	conversationId: number;
	question: string;
	language: string;
	outcome: QuestionOutcome;
	/** The knowledge-base entry the customer picked among the "did you mean" buttons. */
	pickedEntry: string | null;
	askedAt: string;
	/** The first operator reply in the conversation after the question. */
	operatorAnswer: string | null;
}

export async function recordQuestion(db: Db, conversationId: number, question: string, language: string, outcome: QuestionOutcome): Promise<void> {
	const at = now();
	await db.query(
		'INSERT INTO bot_questions (conversation_id, question, language, outcome, asked_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
		[conversationId, question.trim(), language, outcome, at, at],
	);
}

/** The customer pressed a "did you mean" button: the question they last wrote meant that entry. */
export async function recordPick(db: Db, conversationId: number, entryKey: string): Promise<void> {
	const [last] = await db.query(
		"SELECT id FROM bot_questions WHERE conversation_id = ? AND outcome = 'asked' AND picked_entry IS NULL ORDER BY id DESC LIMIT 1",
		[conversationId],
	);
	if (last) await db.query('UPDATE bot_questions SET picked_entry = ?, updated_at = ? WHERE id = ?', [entryKey, now(), Number(last.id)]);
}

/** Questions not yet added to the knowledge base nor dismissed, asked since `since`, newest first. */
export async function openQuestions(db: Db, since: Date, limit = 5000): Promise<LearnableQuestion[]> {
	const rows = await db.query(
		`SELECT q.*, (SELECT m.text FROM messages m
		   WHERE m.conversation_id = q.conversation_id AND m.author LIKE 'operator:%' AND m.created_at >= q.asked_at AND m.text <> ''
		   ORDER BY m.created_at, m.id LIMIT 1) AS operator_answer
		 FROM bot_questions q WHERE q.status = 'open' AND q.asked_at >= ? ORDER BY q.asked_at DESC, q.id DESC LIMIT ?`,
		[since.toISOString(), limit],
	);
	return rows.map((r) => ({
		id: Number(r.id),
		conversationId: Number(r.conversation_id),
		question: String(r.question),
		language: String(r.language),
		outcome: r.outcome as QuestionOutcome,
		pickedEntry: r.picked_entry === null || r.picked_entry === undefined ? null : String(r.picked_entry),
		askedAt: iso(r.asked_at),
		operatorAnswer: r.operator_answer === null || r.operator_answer === undefined ? null : String(r.operator_answer),
	}));
}

/** Questions ops staff have added to the knowledge base (or dismissed) leave the report. */
export async function closeQuestions(db: Db, ids: readonly number[], status: 'added' | 'dismissed'): Promise<number> {
	let closed = 0;
	for (const id of ids) {
		closed += (await db.query("UPDATE bot_questions SET status = ?, updated_at = ? WHERE id = ? AND status = 'open' RETURNING id", [status, now(), id])).length;
	}
	return closed;
}
