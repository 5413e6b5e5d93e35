import type { Channel, InboundMessage } from '../envelope';
import { customerWroteAgain, transition } from '../lifecycle/transitions';
import { cardOf, customersTable, identifySender } from './customers';
import { identitiesTable } from './identities';
import { findInbound, insertInbound } from './messages';
import { markBouncedAddresses } from './bounces';
import { applyRevision } from './revisions';
import { marks, now, one, toConversation } from './rows';
import type { Conversation, Db, LoggedInbound, Store } from './types';

const OPEN_KEY = "channel = ? AND account = ? AND conversation_key = ? AND status = 'open'";

async function findOpen(db: Db, channel: Channel, account: string, conversationKey: string) {
	const rows = await db.query(`SELECT * FROM conversations WHERE ${OPEN_KEY}`, [channel, account, conversationKey]);
	return rows.length ? toConversation(rows[0]) : null;
}

/**
 * The thread's open conversation, else the one resolved last, in one statement. A resolved one
 * is within the reopen window: the scheduled resolver marks it closed once the window passes.
 */
async function openOrResolved(tx: Db, channel: Channel, account: string, conversationKey: string) {
	const rows = (
		await tx.query(
			`SELECT * FROM conversations WHERE ${OPEN_KEY}
			 UNION ALL SELECT * FROM (SELECT * FROM conversations WHERE channel = ? AND account = ? AND conversation_key = ? AND state = 'resolved' ORDER BY id DESC LIMIT 1) r`,
			[channel, account, conversationKey, channel, account, conversationKey],
		)
	).map(toConversation);
	return { open: rows.find((c) => c.status === 'open') ?? null, resolved: rows.find((c) => c.state === 'resolved') ?? null };
}

/** The open conversation of the message's thread, reopened or opened now if there is none. */
async function openFor(
	tx: Db,
	message: InboundMessage,
	customerId: number,
	at: string,
): Promise<{ conversation: Conversation; created: boolean }> {
	const key = [message.channel, message.account, message.conversationKey] as const;
	const { open: existing, resolved } = await openOrResolved(tx, ...key);
	if (existing) {
		// A reaction or an edit to an answered conversation asks for no answer: no new deadline.
		if (!message.revises) await customerWroteAgain(tx, existing.id, new Date(at));
		const rows = await tx.query('UPDATE conversations SET updated_at = ? WHERE id = ? RETURNING *', [at, existing.id]);
		return { conversation: toConversation(rows[0]), created: false };
	}
	if (resolved && (await transition(tx, resolved.id, 'reopened', new Date(at)))) {
		const reopened = await findOpen(tx, ...key);
		if (reopened) return { conversation: reopened, created: false };
	}
	// Concurrent openers of one thread meet on the partial unique index of open conversations.
	const inserted = await tx.query(
		`INSERT INTO conversations (customer_id, channel, account, conversation_key, language, subject, created_at, updated_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		 ON CONFLICT (channel, account, conversation_key) WHERE status = 'open' DO NOTHING RETURNING *`,
		[customerId, ...key, message.sender.language ?? null, message.subject ?? null, at, at],
	);
	if (inserted.length) return { conversation: toConversation(inserted[0]), created: true };
	const opened = await findOpen(tx, ...key);
	if (!opened) throw new Error(`Open conversation ${message.conversationKey} conflicted but cannot be read back.`);
	return { conversation: opened, created: false };
}

/**
 * An automatic mail (bounce, out-of-office) about a thread we know is recorded beside it, under
 * that conversation's customer whatever address the machine wrote from or named, and even on a
 * closed conversation, which it does not reopen. Null for a thread never seen: it is logged as usual.
 */
async function recordAutomatic(tx: Db, message: InboundMessage, at: string): Promise<LoggedInbound | null> {
	const rows = await tx.query(
		`SELECT * FROM conversations WHERE channel = ? AND account = ? AND conversation_key = ?
		 ORDER BY CASE WHEN status = 'open' THEN 0 ELSE 1 END, id DESC LIMIT 1`,
		[message.channel, message.account, message.conversationKey],
	);
	if (!rows.length) return null;
	const conversation = toConversation(rows[0]);
	const identity = (await identitiesTable(tx).ofCustomer(conversation.customerId)).find(
		(i) => i.channel === message.channel && i.account === message.account,
	);
	if (!identity) return null;
	const customer = cardOf(await customersTable(tx).get(conversation.customerId));
	const stored = await insertInbound(tx, conversation, message, at);
	return { customer, identity, conversation, message: stored, customerCreated: false, conversationCreated: false };
}

const conversationOf = async (tx: Db, id: number) => toConversation(one(await tx.query('SELECT * FROM conversations WHERE id = ?', [id]), `Conversation ${id}`));

/** A repeated delivery: what the first one logged, with nothing created. */
async function loggedBefore(tx: Db, message: InboundMessage, first: LoggedInbound['message']): Promise<LoggedInbound> {
	const conversation = await conversationOf(tx, first.conversationId);
	const customer = cardOf(await customersTable(tx).get(conversation.customerId));
	const identity = await identitiesTable(tx).byKey(message.channel, message.account, message.sender.id);
	if (!identity) throw new Error(`Identity of ${message.channel} sender ${message.sender.id} is gone.`);
	return { customer, identity, conversation, message: first, customerCreated: false, conversationCreated: false };
}

export function conversationsRepo(db: Db): Store['conversations'] {
	const tagsOf = async (id: number) =>
		(await db.query<{ tag: string }>('SELECT tag FROM conversation_tags WHERE conversation_id = ? ORDER BY tag', [id])).map(
			(r) => r.tag,
		);

	const tag = async (id: number, tags: string[]) => {
		const unique = [...new Set(tags)];
		if (!unique.length) return;
		const at = now();
		await db.query(
			`INSERT INTO conversation_tags (conversation_id, tag, created_at) VALUES ${unique.map(() => '(?, ?, ?)').join(', ')} ON CONFLICT DO NOTHING`,
			unique.flatMap((name) => [id, name, at]),
		);
	};

	return {
		async get(id) {
			const rows = await db.query('SELECT * FROM conversations WHERE id = ?', [id]);
			return rows.length ? toConversation(rows[0]) : null;
		},
		logInbound: (message) =>
			db.transaction(async (tx) => {
				// A redelivery and the sender's identity in one round trip: every message asks both.
				const { identity: known, loggedId } = await identitiesTable(tx).byKeyWithInbound(message.channel, message.account, message.sender.id, message.externalId);
				const first = loggedId === null ? null : await findInbound(tx, message);
				if (first) return loggedBefore(tx, message, first);
				const at = now();
				const recorded = message.automatic ? await recordAutomatic(tx, message, at) : null;
				if (recorded) {
					await markBouncedAddresses(tx, message, recorded.identity);
					return recorded;
				}
				const { customer, identity, created } = await identifySender(tx, message, at, known);
				await markBouncedAddresses(tx, message, identity);
				// An edit, deletion or reaction changes the message it names; one the store does not hold is logged as a line of its own.
				const revised = await applyRevision(tx, message, at);
				if (revised) {
					const conversation = await conversationOf(tx, revised.conversationId);
					return { customer, identity, conversation, message: revised, customerCreated: created, conversationCreated: false };
				}
				const { conversation, created: conversationCreated } = await openFor(tx, message, customer.id, at);
				const stored = await insertInbound(tx, conversation, message, at);
				return { customer, identity, conversation, message: stored, customerCreated: created, conversationCreated };
			}),
		logOnCard: (message, customerId) =>
			db.transaction(async (tx) => {
				const first = await findInbound(tx, message);
				if (first) return { conversation: await conversationOf(tx, first.conversationId), message: first, conversationCreated: false };
				const at = now();
				const { conversation, created } = await openFor(tx, message, customerId, at);
				return { conversation, message: await insertInbound(tx, conversation, message, at), conversationCreated: created };
			}),
		findOpen: (channel, account, conversationKey) => findOpen(db, channel, account, conversationKey),
		async close(id, at = new Date()) {
			await transition(db, id, 'resolved', at);
		},
		// One statement for all the tags, then the conversation's tags read after it: no transaction,
		// since either statement alone is atomic and the read sees what the write committed.
		async addTags(id, tags) {
			await tag(id, tags);
			return tagsOf(id);
		},
		tag,
		async removeTags(id, tags) {
			const unique = [...new Set(tags)];
			if (unique.length) await db.query(`DELETE FROM conversation_tags WHERE conversation_id = ? AND tag IN (${marks(unique.length)})`, [id, ...unique]);
			return tagsOf(id);
		},
		tags: tagsOf,
	};
}
