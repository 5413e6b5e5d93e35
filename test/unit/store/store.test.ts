import { DEFAULT_IDLE, resolveIdle } from '../../../nodes/shared/lifecycle';
import { randomUUID } from 'node:crypto';

import type { ChannelEvent } from '../../../nodes/shared/channels/types';
import type { InboundMessageInput } from '../../../nodes/shared/envelope';
import {
	closeAllStores,
	MIGRATIONS,
	migrate,
	openPostgresDb,
	openStore,
	type StoreConfig,
} from '../../../nodes/shared/store';
import { BACKENDS, postgresBackend, storePerSuite } from '../../harness/backends';
import { telegramText } from '../../harness/telegram-text';

/** Each test uses its own bot account; the sender is Anna. */
const telegram = (account: string, userId: string, externalId: string, extra: Partial<InboundMessageInput> = {}) => telegramText(account, userId, externalId, extra, 'Anna');

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe.each(BACKENDS)('the store on %s', (_name, makeBackend) => {
	const suite = storePerSuite(makeBackend);
	let account: string;

	beforeEach(() => {
		account = `bot-${randomUUID()}`;
	});

	test('a Telegram customer who writes twice has one card, one conversation and two messages', async () => {
		const first = await suite.store.conversations.logInbound(telegram(account, '1001', 'u1'));
		const second = await suite.store.conversations.logInbound(telegram(account, '1001', 'u2'));

		expect(first).toMatchObject({ customerCreated: true, conversationCreated: true });
		expect(second).toMatchObject({ customerCreated: false, conversationCreated: false });
		expect(second.customer.id).toBe(first.customer.id);
		expect(second.conversation.id).toBe(first.conversation.id);
		expect(first.customer).toMatchObject({ name: 'Anna', vipTier: 0, fields: {} });
		expect(first.identity).toMatchObject({
			channel: 'telegram',
			account,
			externalUserId: '1001',
			address: '1001',
			status: 'active',
			consent: 'unknown',
		});
		expect(typeof first.customer.id).toBe('number');
		expect(first.customer.createdAt).toMatch(ISO);
		expect(second.identity.lastSeenAt).toMatch(ISO);

		const messages = await suite.store.messages.list(first.conversation.id);
		expect(messages.map((m) => [m.direction, m.externalId, m.author, m.status, m.text])).toEqual([
			['in', 'u1', 'customer', 'received', 'message u1'],
			['in', 'u2', 'customer', 'received', 'message u2'],
		]);
		expect(messages[0].createdAt).toMatch(ISO);
		expect(await suite.store.customers.identities(first.customer.id)).toHaveLength(1);
		expect(await suite.store.customers.findByIdentity('telegram', account, '1001')).toEqual(second.customer);
		expect(await suite.store.conversations.findOpen('telegram', account, '1001')).toEqual(second.conversation);
	});

	test('the same update delivered twice is accepted and logged once', async () => {
		const update = telegram(account, '1002', 'u7');

		const firstDelivery = await suite.store.deliveries.accept(update);
		const redelivery = await suite.store.deliveries.accept(update);
		expect(firstDelivery.accepted).toBe(true);
		expect(redelivery).toEqual({ accepted: false, deliveryId: firstDelivery.deliveryId });
		expect(await suite.store.deliveries.accept(telegram(`${account}-other`, '1002', 'u7'))).toMatchObject({ accepted: true });

		const logged = await suite.store.conversations.logInbound(update);
		const again = await suite.store.conversations.logInbound(update);
		expect(again.message).toEqual(logged.message);
		expect(again).toMatchObject({ customerCreated: false, conversationCreated: false });
		expect(await suite.store.messages.list(logged.conversation.id)).toHaveLength(1);
	});

	test('a pre-chat form fills the card, and an operator correction survives the next message', async () => {
		const { customer } = await suite.store.conversations.logInbound(telegram(account, '1003', 'u1'));
		expect(customer).toMatchObject({ email: null, phone: null });

		const form = { name: 'Anna', email: 'anna@old.example', fields: { order: '42' } };
		const filled = await suite.store.conversations.logInbound(telegram(account, '1003', 'u2', { sender: { id: '1003', ...form } }));
		expect(filled.customer).toMatchObject({ email: 'anna@old.example', fields: { order: '42' } });

		await suite.store.customers.update(customer.id, { name: 'Anna Petrova', email: 'anna@new.example' });
		const next = await suite.store.conversations.logInbound(
			telegram(account, '1003', 'u3', { sender: { id: '1003', ...form, phone: '+100', fields: { order: '43', city: 'Riga' } } }),
		);
		expect(next.customer).toMatchObject({
			name: 'Anna Petrova',
			email: 'anna@new.example',
			phone: '+100',
			fields: { order: '42', city: 'Riga' },
		});
		expect(await suite.store.customers.get(customer.id)).toEqual(next.customer);
	});

	test('50 first messages at once from one new sender make one customer, identity and conversation', async () => {
		const results = await Promise.all(
			Array.from({ length: 50 }, (_, i) => suite.store.conversations.logInbound(telegram(account, '1004', `c${i}`))),
		);

		expect(new Set(results.map((r) => r.customer.id)).size).toBe(1);
		expect(new Set(results.map((r) => r.identity.id)).size).toBe(1);
		expect(new Set(results.map((r) => r.conversation.id)).size).toBe(1);
		expect(results.filter((r) => r.customerCreated)).toHaveLength(1);
		expect(results.filter((r) => r.conversationCreated)).toHaveLength(1);
		expect(await suite.store.messages.list(results[0].conversation.id)).toHaveLength(50);
		const orphans = await suite.store.db.query(
			'SELECT count(*) AS n FROM customers WHERE id NOT IN (SELECT customer_id FROM identities)',
		);
		expect(Number(orphans[0].n)).toBe(0);
	});

	test('20 concurrent deliveries of one message store it once', async () => {
		const update = telegram(account, '1005', 'same');
		const results = await Promise.all(Array.from({ length: 20 }, () => suite.store.conversations.logInbound(update)));

		expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
		expect(new Set(results.map((r) => r.customer.id)).size).toBe(1);
		expect(await suite.store.messages.list(results[0].conversation.id)).toHaveLength(1);
	});

	test('an outbound message goes pending → sent, another pending → failed with the reason', async () => {
		const { conversation, message: inbound } = await suite.store.conversations.logInbound(telegram(account, '1006', 'u1'));

		const reply = await suite.store.messages.addOutbound({ conversationId: conversation.id, channel: 'telegram', author: 'bot', text: 'Hello!' });
		expect(reply).toMatchObject({ direction: 'out', status: 'pending', externalId: null, author: 'bot', attachments: [] });
		await suite.store.messages.markSent(reply.id, '501');

		const photo = { type: 'image' as const, url: 'https://example.test/a.png' };
		const second = await suite.store.messages.addOutbound({
			conversationId: conversation.id,
			channel: 'telegram',
			author: 'operator:7',
			text: 'A picture',
			attachments: [photo],
		});
		await suite.store.messages.markFailed(second.id, 'Forbidden: bot was blocked by the user');

		const after = await suite.store.messages.list(conversation.id, inbound.id);
		expect(after.map((m) => [m.id, m.status, m.externalId, m.error])).toEqual([
			[reply.id, 'sent', '501', null],
			[second.id, 'failed', null, 'Forbidden: bot was blocked by the user'],
		]);
		expect(after[1].attachments).toEqual([photo]);
		await expect(suite.store.messages.markSent(inbound.id, 'x')).rejects.toThrow(/not found/);
		await expect(suite.store.messages.addOutbound({ conversationId: 999999999, channel: 'telegram', author: 'bot', text: '' })).rejects.toThrow(
			/not found/,
		);
	});

	test('tags are added and removed idempotently', async () => {
		const { conversation } = await suite.store.conversations.logInbound(telegram(account, '1007', 'u1'));

		expect(await suite.store.conversations.addTags(conversation.id, ['refund', 'vip', 'refund'])).toEqual(['refund', 'vip']);
		expect(await suite.store.conversations.addTags(conversation.id, ['vip'])).toEqual(['refund', 'vip']);
		expect(await suite.store.conversations.removeTags(conversation.id, ['refund', 'unknown'])).toEqual(['vip']);
		expect(await suite.store.conversations.removeTags(conversation.id, ['refund'])).toEqual(['vip']);
		expect(await suite.store.conversations.tags(conversation.id)).toEqual(['vip']);

		// The bot tags without reading the tags back; a tag it adds twice is kept once.
		await suite.store.conversations.tag(conversation.id, ['delivery', 'vip', 'delivery']);
		await suite.store.conversations.tag(conversation.id, []);
		expect(await suite.store.conversations.tags(conversation.id)).toEqual(['delivery', 'vip']);
	});

	test('a closed conversation stays closed once its reopen window passed: the next message opens a new one for the same customer', async () => {
		const first = await suite.store.conversations.logInbound(telegram(account, '1008', 'u1'));
		await suite.store.conversations.close(first.conversation.id, new Date(Date.now() - 25 * 3_600_000));
		expect(await suite.store.conversations.get(first.conversation.id)).toMatchObject({ status: 'closed', state: 'resolved', closedAt: expect.stringMatching(ISO) });
		expect(await suite.store.conversations.findOpen('telegram', account, '1008')).toBeNull();
		expect(await resolveIdle(suite.store, DEFAULT_IDLE)).toEqual({ resolved: [], closed: 1, slotsFreed: 0 });
		expect(await suite.store.conversations.get(first.conversation.id)).toMatchObject({ status: 'closed', state: 'closed' });

		const next = await suite.store.conversations.logInbound(telegram(account, '1008', 'u2'));
		expect(next).toMatchObject({ conversationCreated: true, customerCreated: false });
		expect(next.conversation.id).not.toBe(first.conversation.id);
		expect(next.customer.id).toBe(first.customer.id);
		// A late redelivery of the first message belongs to the conversation it was logged in.
		expect((await suite.store.conversations.logInbound(telegram(account, '1008', 'u1'))).conversation.id).toBe(first.conversation.id);
	});

	test('channel events set reachability once, leave consent to the customer’s words, and move delivery status only forward', async () => {
		const { conversation, identity } = await suite.store.conversations.logInbound(telegram(account, '1009', 'u1'));
		const event = (externalId: string, type: ChannelEvent['type'], extra: Partial<ChannelEvent> = {}): ChannelEvent => ({
			channel: 'telegram',
			account,
			externalId,
			userId: '1009',
			type,
			at: new Date().toISOString(),
			...extra,
		});
		const identityNow = async () => (await suite.store.customers.identities(identity.customerId))[0];

		await suite.store.consent.record(event('e1', 'unsubscribed', { reason: 'left' }));
		expect(await identityNow()).toMatchObject({ consent: 'unknown', status: 'unsubscribed', statusReason: 'left' });
		await suite.store.consent.record(event('e2', 'subscribed'));
		expect(await identityNow()).toMatchObject({ consent: 'unknown', status: 'active', statusReason: null });
		await suite.store.consent.record(event('e1', 'unsubscribed', { reason: 'left' }));
		expect(await identityNow()).toMatchObject({ status: 'active' });

		const sent = await suite.store.messages.addOutbound({ conversationId: conversation.id, channel: 'telegram', author: 'bot', text: 'hi' });
		await suite.store.messages.markSent(sent.id, '900');
		await suite.store.consent.record(event('e3', 'seen', { messageId: '900' }));
		await suite.store.consent.record(event('e4', 'delivered', { messageId: '900' }));
		await suite.store.consent.record(event('e5', 'failed', { messageId: '900', reason: 'late' }));
		expect((await suite.store.messages.list(conversation.id, sent.id - 1))[0]).toMatchObject({ status: 'seen', error: null });

		const lost = await suite.store.messages.addOutbound({ conversationId: conversation.id, channel: 'telegram', author: 'bot', text: 'hi' });
		await suite.store.messages.markSent(lost.id, '901');
		await suite.store.consent.record(event('e6', 'failed', { messageId: '901', reason: 'receiverNotSubscribed' }));
		expect((await suite.store.messages.list(conversation.id, lost.id - 1))[0]).toMatchObject({ status: 'failed', error: 'receiverNotSubscribed' });

		// Opening the chat starts the newcomer's card; it is no opt-in to promotions.
		await suite.store.consent.record(event('e7', 'conversation_started', { userId: '2009' }));
		const newcomer = await suite.store.customers.findByIdentity('telegram', account, '2009');
		expect(newcomer).not.toBeNull();
		expect((await suite.store.customers.identities(newcomer!.id))[0]).toMatchObject({ consent: 'unknown', status: 'active' });
	});

	test('a reopened store keeps its data and applies no migration twice', async () => {
		const logged = await suite.store.conversations.logInbound(telegram(account, '1010', 'u1'));
		await closeAllStores();

		suite.store = await openStore(suite.backend.config);
		expect(await suite.store.customers.get(logged.customer.id)).toEqual(logged.customer);
		expect(await suite.store.messages.list(logged.conversation.id)).toEqual([logged.message]);
		expect(await migrate(suite.store.db, MIGRATIONS)).toEqual([]);
		const versions = await suite.store.db.query('SELECT version FROM schema_migrations ORDER BY version');
		expect(versions.map((v) => Number(v.version))).toEqual(MIGRATIONS.map((m) => m.version));
	});

	test('the same config opens one shared store', async () => {
		expect(await openStore({ ...suite.backend.config })).toBe(suite.store);
	});
});

test('two processes opening one PostgreSQL schema at once apply each migration exactly once', async () => {
	const backend = await postgresBackend();
	const config = backend.config as Extract<StoreConfig, { backend: 'postgres' }>;
	const [a, b] = await Promise.all([openPostgresDb(config), openPostgresDb(config)]);
	try {
		const applied = await Promise.all([migrate(a, MIGRATIONS), migrate(b, MIGRATIONS)]);
		expect(applied.flat().sort((a, b) => a - b)).toEqual(MIGRATIONS.map((m) => m.version));
	} finally {
		await Promise.all([a.close(), b.close()]);
		await backend.dispose();
	}
});

test('a statement prepared before another process migrated its table still answers, with the new columns', async () => {
	const backend = await postgresBackend();
	const config = backend.config as Extract<StoreConfig, { backend: 'postgres' }>;
	const [upgraded, running] = await Promise.all([openPostgresDb(config), openPostgresDb({ ...config, connections: 1 })]);
	try {
		await upgraded.query('CREATE TABLE notes (id integer PRIMARY KEY, body text)');
		await upgraded.query("INSERT INTO notes VALUES (1, 'first')");
		expect(await running.query('SELECT * FROM notes WHERE id = ?', [1])).toEqual([{ id: 1, body: 'first' }]);

		await upgraded.query("ALTER TABLE notes ADD COLUMN author text NOT NULL DEFAULT 'ops'");
		expect(await running.query('SELECT * FROM notes WHERE id = ?', [1])).toEqual([{ id: 1, body: 'first', author: 'ops' }]);
	} finally {
		await Promise.all([upgraded.close(), running.close()]);
		await backend.dispose();
	}
});
