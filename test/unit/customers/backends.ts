import { parseInbound, type Channel, type InboundMessageInput } from '../../../nodes/shared/envelope';
import type { Db } from '../../../nodes/shared/store';

export { BACKENDS, storePerSuite, type Backend } from '../../harness/backends';

let sequence = 0;

/** A customer's text on a channel; the conversation is the sender's private chat. */
export function inbound(channel: Channel, account: string, sender: InboundMessageInput['sender'], text = 'hello', at = new Date()) {
	sequence += 1;
	return parseInbound({
		channel,
		account,
		externalId: `${channel}-${sender.id}-${sequence}`,
		conversationKey: sender.id,
		sender,
		text,
		receivedAt: at.toISOString(),
		raw: {},
	});
}

export const daysAgo = (days: number, from = new Date()) => new Date(from.getTime() - days * 86_400_000);
export const minutesLater = (minutes: number, from = new Date()) => new Date(from.getTime() + minutes * 60_000);

/** Moves a logged conversation and its messages back in time, as if they had happened then. */
export async function backdate(db: Db, conversationId: number, at: Date) {
	await db.query('UPDATE conversations SET created_at = ?, updated_at = ? WHERE id = ?', [at.toISOString(), at.toISOString(), conversationId]);
	await db.query('UPDATE messages SET created_at = ? WHERE conversation_id = ?', [at.toISOString(), conversationId]);
	// A conversation resolved that long ago was closed for good when its reopen window passed.
	await db.query(
		"UPDATE conversations SET closed_at = ?, state = CASE WHEN state = 'resolved' THEN 'closed' ELSE state END WHERE id = ? AND closed_at IS NOT NULL",
		[at.toISOString(), conversationId],
	);
}
