/**
 * Several customers' messages share an execution, and each node of the pack works on them side by
 * side: what they ask the store in the same turn goes in one statement for all (store/gathered.ts).
 * These scenarios ask at once what such an execution asks, and check both the outcome, the same as
 * one by one, and the statements it took.
 */
import { loadBotState, saveBotState } from '../../../nodes/shared/bot/storage';
import { loadCard } from '../../../nodes/shared/customers/card';
import { replyToConversation } from '../../../nodes/shared/outbox/reply';
import { storeOn, type Row } from '../../../nodes/shared/store';
import { gathered, gatheredQuery } from '../../../nodes/shared/store/gathered';
import { BACKENDS, countedStorePerSuite } from '../../harness/backends';
import { telegramText as telegram } from '../../harness/telegram-text';


const SEVEN = ['2001', '2002', '2003', '2004', '2005', '2006', '2007'];

describe('calls gathered in one turn', () => {
	test('run once for every call of the turn, each answered with its own outcome', async () => {
		const batches: number[][] = [];
		const double = gathered(async (inputs: number[]) => {
			batches.push(inputs);
			return inputs.map((n) => (n < 0 ? { status: 'rejected' as const, reason: new Error(`${n} is negative`) } : { status: 'fulfilled' as const, value: n * 2 }));
		});

		const outcomes = await Promise.allSettled([double(1), double(-2), double(3)]);
		expect(batches).toEqual([[1, -2, 3]]);
		expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual([2, '-2 is negative', 6]);

		// A call alone in its turn runs alone.
		expect(await double(5)).toBe(10);
		expect(batches).toEqual([[1, -2, 3], [5]]);
	});

	test('a batch that throws is run again call by call, so that only the call that breaks it fails', async () => {
		const batches: string[][] = [];
		const store = gathered(async (inputs: string[]) => {
			batches.push(inputs);
			if (inputs.includes('broken')) throw new Error('a row breaks the statement');
			return inputs.map((value) => ({ status: 'fulfilled' as const, value }));
		});

		const outcomes = await Promise.allSettled([store('a'), store('broken'), store('c')]);
		expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
		expect(batches).toEqual([['a', 'broken', 'c'], ['a'], ['broken'], ['c']]);
	});
});

describe.each(BACKENDS)('one execution of seven customers on %s', (_name, makeBackend) => {
	const t = countedStorePerSuite(makeBackend);

	test('seven new customers writing at once get a card, identity, conversation and message each, in one transaction, seven statements in all', async () => {
		const logged = await Promise.all(SEVEN.map((id) => t.store.conversations.logInbound(telegram(t.account, id, `m${id}`))));

		expect(logged.map((l) => [l.identity.externalUserId, l.customer.name, l.message.externalId, l.conversation.conversationKey])).toEqual(
			SEVEN.map((id) => [id, `Customer ${id}`, `m${id}`, id]),
		);
		expect(logged.every((l) => l.customerCreated && l.conversationCreated)).toBe(true);
		// The lookup, then BEGIN, customers, identities, conversations, messages, COMMIT.
		expect(t.counted.counts).toMatchObject({ statements: 7, transactions: 1 });
		for (const l of logged) {
			expect(l.identity.customerId).toBe(l.customer.id);
			expect(l.conversation.customerId).toBe(l.customer.id);
			expect(l.message.conversationId).toBe(l.conversation.id);
			expect(await t.store.customers.findByIdentity('telegram', t.account, l.identity.externalUserId)).toEqual(l.customer);
		}
	});

	test('their next messages, at once, join the same cards and conversations', async () => {
		const first = await Promise.all(SEVEN.map((id) => t.store.conversations.logInbound(telegram(t.account, id, `a${id}`))));
		const again = await Promise.all(SEVEN.map((id) => t.store.conversations.logInbound(telegram(t.account, id, `b${id}`))));

		expect(again.map((l) => [l.customer.id, l.conversation.id, l.customerCreated, l.conversationCreated])).toEqual(
			first.map((l) => [l.customer.id, l.conversation.id, false, false]),
		);
		for (const l of again) expect((await t.store.messages.list(l.conversation.id)).map((m) => m.externalId)).toEqual([`a${l.identity.externalUserId}`, `b${l.identity.externalUserId}`]);
	});

	test('a redelivery, a second message of the same customer and a returning customer in the batch are each logged once, in order', async () => {
		const returning = await t.store.conversations.logInbound(telegram(t.account, '2001', 'r1'));
		const batch = [
			telegram(t.account, '2001', 'r2'),
			telegram(t.account, '2002', 'n1'),
			telegram(t.account, '2002', 'n2'),
			telegram(t.account, '2003', 'd1'),
			telegram(t.account, '2003', 'd1'),
			telegram(t.account, '2004', 'f1'),
		];
		const logged = await Promise.all(batch.map((m) => t.store.conversations.logInbound(m)));

		expect(logged[0]).toMatchObject({ customerCreated: false, conversationCreated: false, customer: { id: returning.customer.id } });
		expect(logged[2].conversation.id).toBe(logged[1].conversation.id);
		expect(logged[4].message.id).toBe(logged[3].message.id);
		expect((await t.store.messages.list(logged[1].conversation.id)).map((m) => m.externalId)).toEqual(['n1', 'n2']);
		expect(await t.store.messages.list(logged[3].conversation.id)).toHaveLength(1);
		const customers = await t.db.query('SELECT COUNT(*) AS n FROM identities WHERE account = ?', [t.account]);
		expect(Number(customers[0].n)).toBe(4);
	});

	test('a sender registered by another process between the lookup and the batch is logged one by one, under the card that process made', async () => {
		// The other process registers 2005 right after the batch's lookup found nobody: the batch's insert conflicts and rolls back.
		const other = storeOn(t.db);
		const racing = storeOn({
			...t.counted.db,
			query: async <T extends Row>(sql: string, params?: unknown[]) => {
				const rows = await t.counted.db.query<T>(sql, params);
				if (sql.startsWith('WITH k (ord')) await other.conversations.logInbound(telegram(t.account, '2005', 'elsewhere'));
				return rows;
			},
		});
		const logged = await Promise.all(SEVEN.map((id) => racing.conversations.logInbound(telegram(t.account, id, `x${id}`))));

		const elsewhere = await other.customers.findByIdentity('telegram', t.account, '2005');
		expect(logged[4].customer.id).toBe(elsewhere!.id);
		expect(logged[4].customerCreated).toBe(false);
		expect(logged.filter((l) => l.customerCreated)).toHaveLength(6);
		expect(Number((await t.db.query('SELECT COUNT(*) AS n FROM identities WHERE account = ?', [t.account]))[0].n)).toBe(7);
	});

	test('their cards, bot states, tags and replies take a statement each for all seven', async () => {
		const logged = await Promise.all(SEVEN.map((id) => t.store.conversations.logInbound(telegram(t.account, id, `c${id}`))));
		const conversations = logged.map((l) => l.conversation.id);

		t.counted.reset();
		const cards = await Promise.all(logged.map((l) => loadCard(t.counted.db, l.customer.id)));
		expect(cards.map((card) => [card.id, card.identities.length, card.openConversations.map((c) => c.id)])).toEqual(logged.map((l) => [l.customer.id, 1, [l.conversation.id]]));
		expect(t.counted.counts.statements).toBe(3);

		t.counted.reset();
		const states = await Promise.all(conversations.map((id) => loadBotState(t.counted.db, id, { withBanner: true })));
		expect(states.every(({ state, banner }) => state.failures === 0 && banner === null)).toBe(true);
		await Promise.all(conversations.map((id, i) => saveBotState(t.counted.db, id, { ...states[i].state, failures: i })));
		await Promise.all(conversations.map((id) => t.store.conversations.tag(id, ['orders', 'bot'])));
		expect(t.counted.counts.statements).toBe(3);
		expect((await Promise.all(conversations.map((id) => loadBotState(t.db, id)))).map(({ state }) => state.failures)).toEqual([0, 1, 2, 3, 4, 5, 6]);
		expect(await t.store.conversations.tags(conversations[6])).toEqual(['bot', 'orders']);

		t.counted.reset();
		const sent = await Promise.all(
			conversations.map((id) =>
				replyToConversation(t.store, { telegram: async () => ({ ok: true, externalIds: [`out-${id}`] }) }, id, { text: 'Your order is on its way', author: 'bot' }),
			),
		);
		expect(sent.map((s) => s.status)).toEqual(SEVEN.map(() => 'sent'));
		// The conversations with where replies go, the pending replies, and the sends recorded.
		expect(t.counted.counts.statements).toBe(3);
		for (const [i, id] of conversations.entries()) {
			const [, reply] = await t.store.messages.list(id);
			expect(reply).toMatchObject({ direction: 'out', status: 'sent', externalId: `out-${id}`, text: 'Your order is on its way' });
			expect(reply.id).toBe(sent[i].message.id);
		}
	});

	test('the same read for seven conversations at once is one round trip, each answered with its own rows in their order', async () => {
		const logged = await Promise.all(SEVEN.map((id) => t.store.conversations.logInbound(telegram(t.account, id, `g${id}`))));
		await Promise.all(logged.map((l) => t.store.messages.addOutbound({ conversationId: l.conversation.id, channel: 'telegram', author: 'bot', text: `to ${l.identity.externalUserId}` })));

		t.counted.reset();
		const read = (id: number) => gatheredQuery(t.counted.db, 'SELECT direction, text, id FROM messages WHERE conversation_id = ?', [id], 'id DESC');
		const answers = await Promise.all(logged.map((l) => read(l.conversation.id)));
		expect(t.counted.counts.statements).toBe(1);
		expect(answers.map((rows) => rows.map(({ direction, text }) => ({ direction, text })))).toEqual(
			logged.map((l) => [
				{ direction: 'out', text: `to ${l.identity.externalUserId}` },
				{ direction: 'in', text: `message g${l.identity.externalUserId}` },
			]),
		);
		// A conversation nobody has: no rows, for that call alone; a call alone gets its rows in the same order.
		expect(await Promise.all([read(987654321), read(logged[0].conversation.id)])).toEqual([[], answers[0]]);
		expect(await read(logged[0].conversation.id)).toEqual(answers[0]);
	});

	test('two replies to one conversation at once are both stored, in order', async () => {
		const { conversation } = await t.store.conversations.logInbound(telegram(t.account, '2008', 'q1'));
		const [first, second] = await Promise.all([
			t.store.messages.addOutbound({ conversationId: conversation.id, channel: 'telegram', author: 'bot', text: 'one' }),
			t.store.messages.addOutbound({ conversationId: conversation.id, channel: 'telegram', author: 'bot', text: 'two' }),
		]);
		expect(second.id).toBeGreaterThan(first.id);
		expect((await t.store.messages.list(conversation.id)).map((m) => m.text)).toEqual(['message q1', 'one', 'two']);
		await expect(t.store.messages.addOutbound({ conversationId: 987654321, channel: 'telegram', author: 'bot', text: 'nobody' })).rejects.toThrow('Conversation 987654321');
	});
});
