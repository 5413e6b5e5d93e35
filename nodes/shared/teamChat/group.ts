import { sendWithRetry, type RetryPolicy, DEFAULT_RETRY } from '../channels/common/retry';
import { splitText } from '../channels/common/split';
import { classify, TEXT_LIMIT } from '../channels/telegram/outbound';
import type { TelegramClient } from '../channels/telegram/client';

/** The team's forum supergroup, reached through the team bot (an admin allowed to manage topics). */
export interface TeamGroup {
	client: TelegramClient;
	chatId: string;
	/** Waits between retries of a refused post; tests shorten them. */
	retry?: RetryPolicy;
}

/** Refused posts to the team group fail the step: the operators would otherwise miss the conversation. */
export class TeamGroupError extends Error {
	readonly name = 'TeamGroupError';
}

/**
 * Posts plain text into a topic, in parts of at most 4096 chars. Never with a parse_mode: the
 * text carries customers' words, which must show as typed, never as markup.
 */
export async function postInTopic(group: TeamGroup, threadId: number, text: string): Promise<void> {
	for (const part of splitText(text, TEXT_LIMIT)) {
		const result = await sendWithRetry(async () => {
			try {
				const sent = await group.client.sendMessage(group.chatId, part, { message_thread_id: threadId });
				return { ok: true, externalIds: [String(sent.message_id)] };
			} catch (error) {
				return classify(error);
			}
		}, group.retry ?? DEFAULT_RETRY);
		if (!result.ok) throw new TeamGroupError(`Posting in topic ${threadId} of the team group failed: ${result.reason}`);
	}
}
