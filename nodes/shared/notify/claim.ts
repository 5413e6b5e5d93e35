import type { Channel } from '../envelope';
import type { Db, Identity } from '../store';
import { now } from '../store/rows';

/**
 * Claims a recipient for one send on one channel, in one transaction: the row moves to `claimed`
 * (only from a state that allows it, so two runners never both claim it), and the notification is
 * stored as a pending outbound message in the customer's open conversation on that channel thread
 * (opened if there is none). A reply then lands in that conversation, under the notification.
 * Returns null when the row was not claimable (another runner has it, or it is settled).
 */
export async function claimForSend(
	db: Db,
	recipientId: number,
	identity: Identity,
	text: string,
	firstAttempt: boolean,
): Promise<{ messageId: number } | null> {
	return db.transaction(async (tx) => {
		const at = now();
		// A later attempt (the next channel, or the same after a refusal) follows one that may never have reached its call.
		const from = firstAttempt ? "state IN ('pending', 'deferred')" : "state IN ('claimed', 'sending')";
		const claimed = await tx.query(
			`UPDATE campaign_recipients SET state = 'claimed', channel = ?, message_id = NULL, attempts = attempts + 1, claimed_at = ?, updated_at = ?
			 WHERE id = ? AND ${from} RETURNING id`,
			[identity.channel, at, at, recipientId],
		);
		if (!claimed.length) return null;
		const conversationId = await openConversation(tx, identity, at);
		const [message] = await tx.query(
			`INSERT INTO messages (conversation_id, direction, channel, account, author, text, attachments, status, created_at, updated_at)
			 VALUES (?, 'out', ?, ?, 'system', ?, '[]', 'pending', ?, ?) RETURNING id`,
			[conversationId, identity.channel, identity.account, text, at, at],
		);
		const messageId = Number(message.id);
		await tx.query('UPDATE campaign_recipients SET message_id = ? WHERE id = ?', [messageId, recipientId]);
		return { messageId };
	});
}

/** The open conversation of the customer's thread on this identity, as the Conversation node keys it (channel, account, address). */
async function openConversation(tx: Db, identity: Identity, at: string): Promise<number> {
	const key: [Channel, string, string] = [identity.channel, identity.account, identity.address];
	const inserted = await tx.query(
		`INSERT INTO conversations (customer_id, channel, account, conversation_key, created_at, updated_at)
		 VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (channel, account, conversation_key) WHERE status = 'open' DO NOTHING RETURNING id`,
		[identity.customerId, ...key, at, at],
	);
	if (inserted.length) return Number(inserted[0].id);
	const rows = await tx.query(
		"UPDATE conversations SET updated_at = ? WHERE channel = ? AND account = ? AND conversation_key = ? AND status = 'open' RETURNING id",
		[at, ...key],
	);
	return Number(rows[0].id);
}

/**
 * Marks a claimed recipient as handed to the channel, right before the call. A run killed while
 * its recipients wait for the channel's turn leaves them `claimed`, which the next run can send
 * safely (recover.ts); only `sending` ones may have reached the customer.
 */
export async function markHanded(db: Db, recipientId: number): Promise<void> {
	await db.query("UPDATE campaign_recipients SET state = 'sending', updated_at = ? WHERE id = ? AND state = 'claimed'", [now(), recipientId]);
}
