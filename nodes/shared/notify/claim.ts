import type { Channel } from '../envelope';
import type { Db, Identity, Row } from '../store';
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

/** Why a claimed notice was not handed to its channel after all: it was replaced or went stale while it waited for its turn. */
export interface Withdrawal {
	state: 'superseded' | 'expired';
	reason: string;
}

/**
 * Moves the recipients' outbound messages still pending to failed, with the recipient's reason: a
 * notice withdrawn before its call never reaches the customer, and its message must not read as
 * on its way (the web chat shows pending ones; the desk shows it as not sent). `where` picks the
 * recipients, as `w`.
 */
export const failPendingMessagesOf = (from: string, where: string) =>
	`UPDATE messages SET status = 'failed', error = w.reason, updated_at = ? FROM ${from} w
	 WHERE messages.id = w.message_id AND messages.status = 'pending' AND ${where}`;

/**
 * The step right before the call (in queue mode the wait for the platform's turn before it can be
 * long): the claimed recipient is handed to the channel (`sending`) unless, while it waited, a newer
 * notice replaced it (supersedeEarlier) or its validity passed; then it is not sent: it is recorded
 * `expired` with `expiredReason` (or stays `superseded`) and its message is failed. One statement on
 * the row decides, so a runner superseding it at the same moment either comes first (not sent) or
 * finds it `sending` (it goes); PostgreSQL fails the message in that same statement, SQLite
 * (in-process) in the same transaction. Null: the row is no longer this claim's (a run that took
 * the campaign over recovered it), so this run neither sends nor records it.
 * A run killed while its recipients wait for the channel's turn leaves them `claimed`, which the
 * next run can send safely (recover.ts); only `sending` ones may have reached the customer.
 */
export async function markHanded(db: Db, recipientId: number, messageId: number, at: Date, expiredReason: string | null): Promise<{ state: 'sending' } | Withdrawal | null> {
	const stale = 'valid_until <= ?';
	const hand = `UPDATE campaign_recipients SET
		state = CASE WHEN state = 'superseded' THEN state WHEN ${stale} THEN 'expired' ELSE 'sending' END,
		reason = CASE WHEN state = 'claimed' AND ${stale} THEN ? ELSE reason END,
		updated_at = CASE WHEN state = 'superseded' THEN updated_at ELSE ? END
		WHERE id = ? AND message_id = ? AND state IN ('claimed', 'superseded') RETURNING state, reason, message_id`;
	const moment = at.toISOString();
	const params = [moment, moment, expiredReason, now(), recipientId, messageId];
	const outcome = (rows: Row[]) =>
		!rows.length ? null : rows[0].state === 'sending' ? { state: 'sending' as const } : { state: rows[0].state as Withdrawal['state'], reason: String(rows[0].reason) };
	if (db.dialect === 'postgres') {
		return outcome(
			await db.query(
				`WITH r AS (${hand}), m AS (${failPendingMessagesOf('r', "w.state <> 'sending'")}) SELECT state, reason FROM r`,
				[...params, now()],
			),
		);
	}
	return db.transaction(async (tx) => {
		const result = outcome(await tx.query(hand, params));
		if (result && result.state !== 'sending') await tx.query(failPendingMessagesOf('campaign_recipients', 'w.id = ?'), [now(), recipientId]);
		return result;
	});
}
