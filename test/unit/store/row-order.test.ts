/**
 * What the calls of one turn ask goes to the database as one statement (store/gathered.ts), and
 * its rows go back to the callers. Neither database promises the order of a multi-row INSERT's
 * RETURNING or ids, or of a UNION ALL's rows: here every statement that does not order its rows
 * hands them back reversed (harness/shuffled.ts), and on PostgreSQL ids are handed out against
 * the order of the rows, and every caller must still get its own rows, in as many statements.
 */
import { randomUUID } from 'node:crypto';

import { loadBotState, saveBotState } from '../../../nodes/shared/bot/storage';
import { loadCard } from '../../../nodes/shared/customers/card';
import { replyToConversation } from '../../../nodes/shared/outbox/reply';
import { storeOn, type Db, type LoggedInbound } from '../../../nodes/shared/store';
import { gatheredQuery } from '../../../nodes/shared/store/gathered';
import { BACKENDS, countedStorePerSuite, migratedDb, postgresBackend } from '../../harness/backends';
import { ordersItsRows, shuffledDb } from '../../harness/shuffled';
import { telegramText as telegram } from '../../harness/telegram-text';

const senders = (n: number, from = 3001) => Array.from({ length: n }, (_, i) => String(from + i));

/** Each logged message is its own: its sender, delivery and thread, and the rows linked to each other. */
function expectOwnRows(logged: LoggedInbound[], asked: Array<{ sender: string; externalId: string }>) {
	expect(logged.map((l) => [l.identity.externalUserId, l.message.externalId, l.conversation.conversationKey])).toEqual(
		asked.map(({ sender, externalId }) => [sender, externalId, sender]),
	);
	for (const l of logged) {
		expect(l.identity.customerId).toBe(l.customer.id);
		expect(l.conversation.customerId).toBe(l.customer.id);
		expect(l.message.conversationId).toBe(l.conversation.id);
	}
}

test('a statement orders its rows only by an ORDER BY of its own, outside subqueries and RETURNING', () => {
	expect(ordersItsRows('SELECT * FROM t WHERE id IN (SELECT id FROM u ORDER BY id) ORDER BY id')).toBe(true);
	expect(ordersItsRows('SELECT 0 AS o, q.* FROM (SELECT * FROM t ORDER BY id) q UNION ALL SELECT 1, q.* FROM (SELECT * FROM t) q')).toBe(false);
	expect(ordersItsRows('INSERT INTO t (a) SELECT a FROM v ORDER BY v.ord RETURNING *')).toBe(false);
});

describe.each(BACKENDS)('rows handed back in another order on %s', (_name, makeBackend) => {
	const t = countedStorePerSuite(makeBackend, shuffledDb);

	test('thirty new customers at once, ten of them with alike cards, each get their own card, identity, conversation and message in seven statements', async () => {
		const ids = senders(30);
		const logged = await Promise.all(ids.map((id, i) => t.store.conversations.logInbound(telegram(t.account, id, `m${id}`, {}, i % 3 ? `Customer ${id}` : 'Alex'))));

		expectOwnRows(logged, ids.map((id) => ({ sender: id, externalId: `m${id}` })));
		expect(logged.map((l) => l.customer.name)).toEqual(ids.map((id, i) => (i % 3 ? `Customer ${id}` : 'Alex')));
		expect(new Set(logged.map((l) => l.customer.id)).size).toBe(30);
		expect(logged.every((l) => l.customerCreated && l.conversationCreated)).toBe(true);
		expect(t.counted.counts).toMatchObject({ statements: 7, transactions: 1 });
		for (const l of logged) expect(await t.store.customers.findByIdentity('telegram', t.account, l.identity.externalUserId)).toEqual(l.customer);
	});

	test('a batch of colliding senders, threads and deliveries: every message logged under its own sender, a redelivery as its first copy', async () => {
		const returning = await t.store.conversations.logInbound(telegram(t.account, '3001', 'r0'));
		const asked = [
			...senders(8).flatMap((id) => [{ sender: id, externalId: `a${id}` }]),
			...senders(4).map((id) => ({ sender: id, externalId: `b${id}` })),
			...senders(4).map((id) => ({ sender: id, externalId: `a${id}` })),
			...senders(6, 3101).map((id) => ({ sender: id, externalId: `n${id}` })),
		];
		const logged = await Promise.all(asked.map(({ sender, externalId }) => t.store.conversations.logInbound(telegram(t.account, sender, externalId))));

		expectOwnRows(logged, asked);
		expect(logged[0].customer.id).toBe(returning.customer.id);
		expect(logged.slice(12, 16).map((l) => l.message.id)).toEqual(logged.slice(0, 4).map((l) => l.message.id));
		for (const [i, id] of senders(8).entries()) {
			const expected = [...(id === '3001' ? ['r0'] : []), `a${id}`, ...(i < 4 ? [`b${id}`] : [])];
			expect((await t.store.messages.list(logged[i].conversation.id)).map((m) => m.externalId)).toEqual(expected);
		}
		expect(Number((await t.db.query('SELECT COUNT(*) AS n FROM identities WHERE account = ?', [t.account]))[0].n)).toBe(14);
	});

	test('twenty conversations read their own cards, bot states and replies, a statement a step', async () => {
		const ids = senders(20, 3201);
		const logged = await Promise.all(ids.map((id) => t.store.conversations.logInbound(telegram(t.account, id, `c${id}`))));
		const conversations = logged.map((l) => l.conversation.id);

		t.counted.reset();
		const cards = await Promise.all(logged.map((l) => loadCard(t.counted.db, l.customer.id)));
		expect(cards.map((card) => [card.id, card.name, card.identities.map((i) => i.externalUserId), card.openConversations.map((c) => c.id)])).toEqual(
			logged.map((l) => [l.customer.id, l.customer.name, [l.identity.externalUserId], [l.conversation.id]]),
		);
		expect(t.counted.counts.statements).toBe(3);

		t.counted.reset();
		await Promise.all(conversations.map((id, i) => saveBotState(t.counted.db, id, { menuPath: [], language: null, failures: i, lastAnswer: `answer ${id}`, handoff: null })));
		const states = await Promise.all(conversations.map((id) => loadBotState(t.counted.db, id)));
		expect(states.map(({ state }) => [state.failures, state.lastAnswer])).toEqual(conversations.map((id, i) => [i, `answer ${id}`]));
		expect(t.counted.counts.statements).toBe(2);

		t.counted.reset();
		const sent = await Promise.all(
			conversations.map((id) => replyToConversation(t.store, { telegram: async () => ({ ok: true, externalIds: [`out-${id}`] }) }, id, { text: `for ${id}`, author: 'bot' })),
		);
		expect(t.counted.counts.statements).toBe(3);
		for (const [i, id] of conversations.entries()) {
			expect(sent[i].message).toMatchObject({ conversationId: id, text: `for ${id}` });
			const [, reply] = await t.store.messages.list(id);
			expect(reply).toMatchObject({ id: sent[i].message.id, status: 'sent', externalId: `out-${id}`, text: `for ${id}` });
		}
	});

	test('the same read for twenty callers, several asking for one conversation, each answered with its rows in the order asked, one round trip', async () => {
		const ids = senders(10, 3301);
		const logged = await Promise.all(ids.map((id) => t.store.conversations.logInbound(telegram(t.account, id, `g${id}`))));
		for (const n of [1, 2]) await Promise.all(logged.map((l) => t.store.messages.addOutbound({ conversationId: l.conversation.id, channel: 'telegram', author: 'bot', text: `${n} to ${l.conversation.id}` })));
		const asked = [...logged, ...logged].map((l) => l.conversation.id);

		t.counted.reset();
		const newestFirst = await Promise.all(asked.map((id) => gatheredQuery(t.counted.db, 'SELECT id, text FROM messages WHERE conversation_id = ?', [id], 'id DESC')));
		expect(t.counted.counts.statements).toBe(1);
		expect(newestFirst.map((rows) => rows.map((r) => r.text))).toEqual(
			asked.map((id, i) => [`2 to ${id}`, `1 to ${id}`, `message g${ids[i % 10]}`]),
		);
		// With no order asked, still each caller's own rows.
		const unordered = await Promise.all(asked.map((id) => gatheredQuery(t.counted.db, 'SELECT id, text FROM messages WHERE conversation_id = ?', [id])));
		expect(unordered.map((rows) => rows.map((r) => r.text).sort())).toEqual(newestFirst.map((rows) => rows.map((r) => r.text).sort()));
	});

	test('deliveries recovered come in the order they were accepted', async () => {
		const ids = senders(6, 3401);
		for (const id of ids) await t.store.deliveries.accept(telegram(t.account, id, `lost${id}`));
		await new Promise((resolve) => setTimeout(resolve, 5));

		const recovered = await t.store.deliveries.claimUnanswered({ olderThanMs: 0, lookBackMs: 60_000, maxAttempts: 3, limit: 50 });
		expect(recovered.filter((m) => m.account === t.account).map((m) => m.externalId)).toEqual(ids.map((id) => `lost${id}`));
	});
});

describe('ids handed out against the order of the rows, on PostgreSQL', () => {
	let db: Db;
	let drop: () => Promise<void>;

	beforeAll(async () => {
		({ db, drop } = await migratedDb(postgresBackend));
		// Every new card, identity, conversation and message takes an id lower than the row before it.
		await db.query('CREATE SEQUENCE backwards_ids INCREMENT BY -1 MAXVALUE 1000000000 START WITH 1000000000');
		await db.query(`CREATE FUNCTION backwards_id() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN NEW.id := nextval(''backwards_ids''); RETURN NEW; END'`);
		for (const table of ['customers', 'identities', 'conversations', 'messages']) {
			await db.query(`CREATE TRIGGER backwards_id BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION backwards_id()`);
		}
	});
	afterAll(async () => {
		await db.close();
		await drop();
	});

	test('thirty new customers at once each get their own card, identity, conversation and message', async () => {
		const account = `bot-${randomUUID()}`;
		const store = storeOn(db);
		const ids = senders(30);
		const logged = await Promise.all(ids.map((id) => store.conversations.logInbound(telegram(account, id, `m${id}`))));

		expectOwnRows(logged, ids.map((id) => ({ sender: id, externalId: `m${id}` })));
		expect(logged.map((l) => l.customer.name)).toEqual(ids.map((id) => `Customer ${id}`));
		expect(logged.map((l) => l.customer.id)).not.toEqual(logged.map((l) => l.customer.id).sort((a, b) => a - b));
	});
});
