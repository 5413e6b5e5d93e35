import { operatorAnswered } from '../lifecycle/transitions';
import type { InboundMessage } from '../envelope';
import { channelMessageIdOf, replyOf } from './revisions';
import { now, one, toMessage } from './rows';
import type { Conversation, Db, StoredMessage, Store } from './types';

const INBOUND_KEY = "channel = ? AND account = ? AND external_id = ? AND direction = 'in'";

/** The stored copy of an inbound message, if this delivery was logged before. */
export async function findInbound(db: Db, message: InboundMessage): Promise<StoredMessage | null> {
	const rows = await db.query(`SELECT * FROM messages WHERE ${INBOUND_KEY}`, [
		message.channel,
		message.account,
		message.externalId,
	]);
	return rows.length ? toMessage(rows[0]) : null;
}

/** Who wrote an inbound message: the customer, or a machine for mail nobody answers (`automatic:bounce`). */
export const inboundAuthor = (message: InboundMessage) => (message.automatic ? `automatic:${message.automatic.kind}` : 'customer');

/** Stores an inbound message once; a repeat of its (channel, account, externalId) returns the first copy. */
export async function insertInbound(
	tx: Db,
	conversation: Conversation,
	message: InboundMessage,
	at: string,
): Promise<StoredMessage> {
	const reply = await replyOf(tx, message);
	const inserted = await tx.query(
		`INSERT INTO messages (conversation_id, direction, channel, account, external_id, channel_message_id, author, text, attachments,
			reply_to, reply_excerpt, status, created_at, updated_at)
		 VALUES (?, 'in', ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?)
		 ON CONFLICT (channel, account, external_id) WHERE direction = 'in' DO NOTHING RETURNING *`,
		[
			conversation.id,
			message.channel,
			message.account,
			message.externalId,
			channelMessageIdOf(message),
			inboundAuthor(message),
			message.text,
			JSON.stringify(message.attachments),
			reply.replyTo,
			reply.excerpt,
			at,
			at,
		],
	);
	if (inserted.length) return toMessage(inserted[0]);
	const first = await findInbound(tx, message);
	if (!first) throw new Error(`Inbound message ${message.externalId} conflicted but cannot be read back.`);
	return first;
}

/**
 * A reply by its id. `direction <> 'in'` says "outbound" in words PostgreSQL does not match to the
 * partial index of outbound messages (migration 002): on a store without statistics yet, `= 'out'`
 * made it walk every reply of the store there instead of reading one row by the primary key.
 */
const OUTBOUND_BY_ID = "id = ? AND direction <> 'in'";

export function messagesRepo(db: Db): Store['messages'] {
	const setStatus = async (id: number, sets: string, params: unknown[]) => {
		const rows = await db.query(
			`UPDATE messages SET ${sets}, updated_at = ? WHERE ${OUTBOUND_BY_ID} RETURNING id`,
			[...params, now(), id],
		);
		one(rows, `Outbound message ${id}`);
	};
	return {
		async addOutbound({ conversationId, channel, author, text, attachments = [] }) {
			// The account is the conversation's: a reply leaves from the account the customer wrote to.
			// Read in the same statement: one round trip a reply, not two.
			const at = now();
			const rows = await db.query(
				`INSERT INTO messages (conversation_id, direction, channel, account, author, text, attachments, status, created_at, updated_at)
				 SELECT id, 'out', ?, account, ?, ?, ?, 'pending', ?, ? FROM conversations WHERE id = ? RETURNING *`,
				[channel, author, text, JSON.stringify(attachments), at, at, conversationId],
			);
			return toMessage(one(rows, `Conversation ${conversationId}`));
		},
		async markSent(id, externalId) {
			const rows = await db.query(
				`UPDATE messages SET status = 'sent', external_id = ?, channel_message_id = ?, error = NULL, updated_at = ? WHERE ${OUTBOUND_BY_ID}
				 RETURNING conversation_id, author`,
				[externalId, externalId, now(), id],
			);
			const sent = one(rows, `Outbound message ${id}`);
			// Only a reply that reached the customer answers them; a failed send leaves the clock running.
			if (String(sent.author).startsWith('operator:')) await operatorAnswered(db, Number(sent.conversation_id), new Date());
		},
		markFailed: (id, error) => setStatus(id, "status = 'failed', error = ?", [error]),
		async list(conversationId, afterId = 0) {
			const rows = await db.query('SELECT * FROM messages WHERE conversation_id = ? AND id > ? ORDER BY id', [
				conversationId,
				afterId,
			]);
			return rows.map(toMessage);
		},
	};
}
