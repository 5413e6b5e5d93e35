import type { Channel, InboundMessage } from '../envelope';
import { customerWroteAgain, transition } from '../lifecycle/transitions';
import { cardOf, customersTable, identifyNewSenders, identifySender } from './customers';
import { identitiesTable } from './identities';
import { gathered, settle } from './gathered';
import { findInbound, insertInbound, insertInboundMany } from './messages';
import { markBouncedAddresses, markReturnedMail } from './bounces';
import { applyRevision } from './revisions';
import { marks, now, one, toConversation } from './rows';
import type { Conversation, Db, Identity, LoggedInbound, Store } from './types';

const OPEN_KEY = "channel = ? AND account = ? AND conversation_key = ? AND status = 'open'";

async function findOpen(db: Db, channel: Channel, account: string, conversationKey: string) {
	const rows = await db.query(`SELECT * FROM conversations WHERE ${OPEN_KEY}`, [channel, account, conversationKey]);
	return rows.length ? toConversation(rows[0]) : null;
}

/** The thread's open conversation, else its latest whatever its state. */
async function findLatest(db: Db, channel: Channel, account: string, conversationKey: string) {
	const rows = await db.query(
		`SELECT * FROM conversations WHERE channel = ? AND account = ? AND conversation_key = ?
		 ORDER BY CASE WHEN status = 'open' THEN 0 ELSE 1 END, id DESC LIMIT 1`,
		[channel, account, conversationKey],
	);
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

/**
 * The open conversation of the message's thread, reopened or opened now if there is none, answered
 * from now on at the identity the message came from (null: the one it had).
 */
async function openFor(
	tx: Db,
	message: InboundMessage,
	customerId: number,
	identityId: number | null,
	at: string,
): Promise<{ conversation: Conversation; created: boolean }> {
	const key = [message.channel, message.account, message.conversationKey] as const;
	const { open: existing, resolved } = await openOrResolved(tx, ...key);
	const answeredAt = async (id: number) =>
		toConversation((await tx.query('UPDATE conversations SET updated_at = ?, identity_id = COALESCE(?, identity_id) WHERE id = ? RETURNING *', [at, identityId, id]))[0]);
	if (existing) {
		// A reaction or an edit to an answered conversation asks for no answer: no new deadline.
		if (!message.revises) await customerWroteAgain(tx, existing.id, new Date(at));
		return { conversation: await answeredAt(existing.id), created: false };
	}
	if (resolved && (await transition(tx, resolved.id, 'reopened', new Date(at)))) {
		const reopened = await findOpen(tx, ...key);
		if (reopened) return { conversation: await answeredAt(reopened.id), created: false };
	}
	// Concurrent openers of one thread meet on the partial unique index of open conversations.
	const inserted = await tx.query(
		`INSERT INTO conversations (customer_id, channel, account, conversation_key, language, subject, identity_id, created_at, updated_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		 ON CONFLICT (channel, account, conversation_key) WHERE status = 'open' DO NOTHING RETURNING *`,
		[customerId, ...key, message.sender.language ?? null, message.subject ?? null, identityId, at, at],
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
	const conversation = await findLatest(tx, message.channel, message.account, message.conversationKey);
	if (!conversation) return null;
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

/** What the store knew of a message's sender and delivery, read before its transaction. */
interface Known {
	identity: Identity | null;
	loggedId: number | null;
}

/** Logs one message in its own transaction; `known` when its sender and delivery were read already (with others'). */
const logOne = (db: Db, message: InboundMessage, known?: Known): Promise<LoggedInbound> =>
	db.transaction(async (tx) => {
		// A redelivery and the sender's identity in one round trip: every message asks both.
		const { identity: knownIdentity, loggedId } = known ?? (await identitiesTable(tx).byKeyWithInbound(message.channel, message.account, message.sender.id, message.externalId));
		const first = loggedId === null ? null : await findInbound(tx, message);
		if (first) return loggedBefore(tx, message, first);
		const at = now();
		const recorded = message.automatic ? await recordAutomatic(tx, message, at) : null;
		if (recorded) {
			await markBouncedAddresses(tx, message, recorded.identity);
			await markReturnedMail(tx, message, recorded.conversation.id);
			return recorded;
		}
		const { customer, identity, created } = await identifySender(tx, message, at, knownIdentity);
		await markBouncedAddresses(tx, message, identity);
		// An edit, deletion or reaction changes the message it names; one the store does not hold is logged as a line of its own.
		const revised = await applyRevision(tx, message, at);
		if (revised) {
			const conversation = await conversationOf(tx, revised.conversationId);
			return { customer, identity, conversation, message: revised, customerCreated: created, conversationCreated: false };
		}
		const { conversation, created: conversationCreated } = await openFor(tx, message, customer.id, identity.id, at);
		const stored = await insertInbound(tx, conversation, message, at);
		return { customer, identity, conversation, message: stored, customerCreated: created, conversationCreated };
	});

/**
 * Logs the messages asked for at once (the customers of one execution): whom the store knows and
 * which deliveries it logged, one statement for all; then every message from a sender it has never
 * seen, in a thread with nothing open or resolved, that asks nothing special (no automatic mail,
 * revision or reply to one of ours), in one transaction of a statement per table for all of them:
 * a new card, identity, conversation and message each. Any other message is logged as before, in a
 * transaction of its own, and so is a message that shares its sender, thread or delivery with
 * another of the batch (they take their turns), or whose batch failed (a sender registered by
 * another process meanwhile): so one message's failure stays its own.
 */
async function logInboundAll(db: Db, messages: InboundMessage[]): Promise<Array<PromiseSettledResult<LoggedInbound>>> {
	if (messages.length === 1) return [await settle(() => logOne(db, messages[0]))];
	const keysOf = (m: InboundMessage) => [`s\u0000${m.channel}\u0000${m.account}\u0000${m.sender.id}`, `t\u0000${m.channel}\u0000${m.account}\u0000${m.conversationKey}`, `d\u0000${m.channel}\u0000${m.account}\u0000${m.externalId}`];
	const uses = new Map<string, number>();
	for (const key of messages.flatMap(keysOf)) uses.set(key, (uses.get(key) ?? 0) + 1);
	const alone = messages.map((m) => keysOf(m).every((key) => uses.get(key) === 1));
	const known = await identitiesTable(db).byKeysWithInbound(
		messages.map((m) => ({ channel: m.channel, account: m.account, externalUserId: m.sender.id, externalId: m.externalId, conversationKey: m.conversationKey })),
	);
	const firsts = messages.flatMap((m, i) => {
		const { identity, loggedId, threadLive } = known[i];
		return alone[i] && !identity && loggedId === null && !threadLive && !m.automatic && !m.revises && !m.inReplyTo ? [i] : [];
	});
	const logged = new Map<number, LoggedInbound>();
	if (firsts.length) {
		const batch = await settle(() => db.transaction((tx) => logFirstMessages(tx, firsts.map((i) => messages[i]))));
		if (batch.status === 'fulfilled') batch.value.forEach((entry, k) => logged.set(firsts[k], entry));
	}
	// What was read for a message still holds for it unless another of the batch touches the same rows;
	// those that share rows are logged after the others, one after another in the order asked.
	const results = await Promise.all(
		messages.map((message, i) => {
			const entry = logged.get(i);
			if (entry) return { status: 'fulfilled' as const, value: entry };
			return alone[i] ? settle(() => logOne(db, message, firsts.includes(i) ? undefined : known[i])) : undefined;
		}),
	);
	for (const [i, message] of messages.entries()) results[i] ??= await settle(() => logOne(db, message));
	return results as Array<PromiseSettledResult<LoggedInbound>>;
}

/** Senders' first messages, each in a thread of its own (see logInboundAll): a statement per table for all of them. */
async function logFirstMessages(tx: Db, messages: InboundMessage[]): Promise<LoggedInbound[]> {
	const at = now();
	const senders = await identifyNewSenders(tx, messages, at);
	const inserted = await tx.query(
		`INSERT INTO conversations (customer_id, channel, account, conversation_key, language, subject, identity_id, created_at, updated_at)
		 VALUES ${messages.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
		 ON CONFLICT (channel, account, conversation_key) WHERE status = 'open' DO NOTHING RETURNING *`,
		messages.flatMap((m, i) => [senders[i].customer.id, m.channel, m.account, m.conversationKey, m.sender.language ?? null, m.subject ?? null, senders[i].identity.id, at, at]),
	);
	const thread = (channel: unknown, account: unknown, key: unknown) => `${channel}\u0000${account}\u0000${key}`;
	const opened = new Map(inserted.map(toConversation).map((c) => [thread(c.channel, c.account, c.conversationKey), c]));
	const conversations = messages.map((m) => opened.get(thread(m.channel, m.account, m.conversationKey)));
	if (conversations.some((c) => !c)) throw new Error('A conversation of the batch was opened by another call meanwhile.');
	const stored = await insertInboundMany(tx, messages.map((message, i) => ({ message, conversation: conversations[i]! })), at);
	if (stored.some((m) => !m)) throw new Error('A delivery of the batch was logged by another call meanwhile.');
	return messages.map((_, i) => ({
		...senders[i],
		conversation: conversations[i]!,
		message: stored[i]!,
		customerCreated: true,
		conversationCreated: true,
	}));
}

export function conversationsRepo(db: Db): Store['conversations'] {
	const tagsOf = async (id: number) =>
		(await db.query<{ tag: string }>('SELECT tag FROM conversation_tags WHERE conversation_id = ? ORDER BY tag', [id])).map(
			(r) => r.tag,
		);

	// The tags asked for at once (the bot tags every answer of an execution's customers) in one statement.
	const tagAtOnce = gathered(async (asked: Array<{ id: number; tags: string[] }>) => {
		const pairs = [...new Map(asked.flatMap(({ id, tags }) => tags.map((name) => [`${id}\u0000${name}`, [id, name] as const]))).values()];
		const at = now();
		await db.query(
			`INSERT INTO conversation_tags (conversation_id, tag, created_at) VALUES ${pairs.map(() => '(?, ?, ?)').join(', ')} ON CONFLICT DO NOTHING`,
			pairs.flatMap(([id, name]) => [id, name, at]),
		);
		return asked.map(() => ({ status: 'fulfilled' as const, value: undefined }));
	});
	const tag = async (id: number, tags: string[]) => {
		if (tags.length) await tagAtOnce({ id, tags });
	};

	return {
		async get(id) {
			const rows = await db.query('SELECT * FROM conversations WHERE id = ?', [id]);
			return rows.length ? toConversation(rows[0]) : null;
		},
		logInbound: gathered((messages: InboundMessage[]) => logInboundAll(db, messages)),
		logOnCard: (message, customerId) =>
			db.transaction(async (tx) => {
				const first = await findInbound(tx, message);
				if (first) return { conversation: await conversationOf(tx, first.conversationId), message: first, conversationCreated: false };
				const at = now();
				const { conversation, created } = await openFor(tx, message, customerId, null, at);
				return { conversation, message: await insertInbound(tx, conversation, message, at), conversationCreated: created };
			}),
		findOpen: (channel, account, conversationKey) => findOpen(db, channel, account, conversationKey),
		findLatest: (channel, account, conversationKey) => findLatest(db, channel, account, conversationKey),
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
