import { operatorAnswered } from '../lifecycle/transitions';
import type { InboundMessage } from '../envelope';
import { gathered, settle } from './gathered';
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

const INBOUND_COLUMNS = `conversation_id, direction, channel, account, external_id, channel_message_id, author, text, attachments,
			reply_to, reply_excerpt, status, created_at, updated_at`;
const INBOUND_VALUES = "(?, 'in', ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?)";
const INBOUND_CONFLICT = "ON CONFLICT (channel, account, external_id) WHERE direction = 'in' DO NOTHING RETURNING *";

const inboundValues = (conversation: Conversation, message: InboundMessage, at: string, reply: { replyTo: number | null; excerpt: string | null }) => [
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
];

/** Stores an inbound message once; a repeat of its (channel, account, externalId) returns the first copy. */
export async function insertInbound(
	tx: Db,
	conversation: Conversation,
	message: InboundMessage,
	at: string,
): Promise<StoredMessage> {
	const reply = await replyOf(tx, message);
	const inserted = await tx.query(`INSERT INTO messages (${INBOUND_COLUMNS}) VALUES ${INBOUND_VALUES} ${INBOUND_CONFLICT}`, inboundValues(conversation, message, at, reply));
	if (inserted.length) return toMessage(inserted[0]);
	const first = await findInbound(tx, message);
	if (!first) throw new Error(`Inbound message ${message.externalId} conflicted but cannot be read back.`);
	return first;
}

/**
 * Inbound messages that answer none of ours (no `inReplyTo`), each in its conversation, in one
 * statement: in the order given, null for one whose delivery was stored meanwhile.
 */
export async function insertInboundMany(
	tx: Db,
	logged: Array<{ conversation: Conversation; message: InboundMessage }>,
	at: string,
): Promise<Array<StoredMessage | null>> {
	if (!logged.length) return [];
	const rows = await tx.query(
		`INSERT INTO messages (${INBOUND_COLUMNS}) VALUES ${logged.map(() => INBOUND_VALUES).join(', ')} ${INBOUND_CONFLICT}`,
		logged.flatMap(({ conversation, message }) => inboundValues(conversation, message, at, { replyTo: null, excerpt: null })),
	);
	const key = (channel: unknown, account: unknown, externalId: unknown) => `${channel}\u0000${account}\u0000${externalId}`;
	const stored = new Map(rows.map((r) => [key(r.channel, r.account, r.external_id), toMessage(r)]));
	return logged.map(({ message }) => stored.get(key(message.channel, message.account, message.externalId)) ?? null);
}

/**
 * A reply by its id. `direction <> 'in'` says "outbound" in words PostgreSQL does not match to the
 * partial index of outbound messages (migration 002): on a store without statistics yet, `= 'out'`
 * made it walk every reply of the store there instead of reading one row by the primary key.
 */
const OUTBOUND_BY_ID = "id = ? AND direction <> 'in'";

type OutboundInput = Parameters<Store['messages']['addOutbound']>[0];

/**
 * Outbound messages stored as pending, one statement for those asked at once (the replies of one
 * execution's customers), each conversation's first; a second reply to the same conversation
 * follows in a statement of its own, so that the rows come back by conversation. The account is
 * the conversation's: a reply leaves from the account the customer wrote to, read in the same
 * statement.
 */
async function addOutbound(db: Db, outbound: OutboundInput[]): Promise<Array<PromiseSettledResult<StoredMessage>>> {
	const firsts = outbound.filter((o, i) => outbound.findIndex((other) => other.conversationId === o.conversationId) === i);
	const at = now();
	const inserted = await settle(() =>
		db.query(
			`WITH v (conversation_id, channel, author, text, attachments, buttons) AS (VALUES ${firsts.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')})
			 INSERT INTO messages (conversation_id, direction, channel, account, author, text, attachments, buttons, status, created_at, updated_at)
			 SELECT c.id, 'out', v.channel, c.account, v.author, v.text, v.attachments, v.buttons, 'pending', ?, ? FROM v JOIN conversations c ON c.id = CAST(v.conversation_id AS BIGINT)
			 RETURNING *`,
			[...firsts.flatMap((o) => [o.conversationId, o.channel, o.author, o.text, JSON.stringify(o.attachments ?? []), JSON.stringify(o.buttons ?? [])]), at, at],
		),
	);
	const stored = new Map(inserted.status === 'fulfilled' ? inserted.value.map((r) => [Number(r.conversation_id), toMessage(r)]) : []);
	const results: Array<PromiseSettledResult<StoredMessage>> = [];
	for (const o of outbound) {
		const first = firsts.includes(o);
		if (first && inserted.status === 'rejected') results.push(inserted);
		else if (first) results.push(stored.has(o.conversationId) ? { status: 'fulfilled', value: stored.get(o.conversationId)! } : { status: 'rejected', reason: new Error(`Conversation ${o.conversationId} was not found.`) });
		else results.push(await settle(() => addOutbound(db, [o]).then(([one]) => (one.status === 'fulfilled' ? one.value : Promise.reject(one.reason)))));
	}
	return results;
}

/** Replies marked sent, one statement for those asked at once; a reply of an operator answers the customer (lifecycle). */
async function markSent(db: Db, sent: Array<{ id: number; externalId: string | null }>): Promise<Array<PromiseSettledResult<void>>> {
	const rows = await db.query(
		`WITH v (id, external_id) AS (VALUES ${sent.map(() => '(?, ?)').join(', ')})
		 UPDATE messages SET status = 'sent', external_id = v.external_id, channel_message_id = v.external_id, error = NULL, updated_at = ?
		 FROM v WHERE messages.id = CAST(v.id AS BIGINT) AND messages.direction <> 'in'
		 RETURNING messages.id, messages.conversation_id, messages.author`,
		[...sent.flatMap(({ id, externalId }) => [id, externalId]), now()],
	);
	const updated = new Map(rows.map((r) => [Number(r.id), r]));
	return Promise.all(
		sent.map(({ id }) =>
			settle(async () => {
				const row = updated.get(id);
				if (!row) throw new Error(`Outbound message ${id} was not found.`);
				// Only a reply that reached the customer answers them; a failed send leaves the clock running.
				if (String(row.author).startsWith('operator:')) await operatorAnswered(db, Number(row.conversation_id), new Date());
			}),
		),
	);
}

export function messagesRepo(db: Db): Store['messages'] {
	const markSentAtOnce = gathered((sent: Array<{ id: number; externalId: string | null }>) => markSent(db, sent));
	const setStatus = async (id: number, sets: string, params: unknown[]) => {
		const rows = await db.query(
			`UPDATE messages SET ${sets}, updated_at = ? WHERE ${OUTBOUND_BY_ID} RETURNING id`,
			[...params, now(), id],
		);
		one(rows, `Outbound message ${id}`);
	};
	return {
		addOutbound: gathered((outbound: OutboundInput[]) => addOutbound(db, outbound)),
		markSent: (id, externalId) => markSentAtOnce({ id, externalId }),
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
