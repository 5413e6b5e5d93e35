/**
 * The three shipped notification templates, run by n8n's own engine against a real SQLite store
 * and the fake Telegram and VK servers. Triggers are pinned with what they would emit (the
 * webhook's header auth and the form page are n8n's own and are not exercised in-process).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { incidentBanner } from '../../nodes/shared/bot';
import { correctCard } from '../../nodes/shared/customers';
import { parseInbound, type Channel } from '../../nodes/shared/envelope';
import { closeAllStores, openStore, type LoggedInbound, type Store } from '../../nodes/shared/store';
import { applyQuietHours } from '../../nodes/shared/settings';
import { startFakeMeta, type FakeMeta } from '../fakes/meta/server';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram/server';
import { startFakeVk, type FakeVk } from '../fakes/vk/server';
import type { VkUser } from '../fakes/vk/state';
import { runWorkflow, type WorkflowJson } from '../harness/engine';
import { zoneWhereItIs } from '../harness/zones';
import orderStatus from '../../workflows/proactive-order-status.json';
import outageTemplate from '../../workflows/outage-broadcast.json';
import promo from '../../workflows/promo-campaign.json';

jest.setTimeout(60_000);

let dir: string;
let telegram: FakeTelegram;
let vk: FakeVk;
let meta: FakeMeta;
let store: Store;
let credentials: Record<string, Record<string, string>>;
let seq = 0;

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'cc-engine-notify-'));
	[telegram, vk, meta] = await Promise.all([startFakeTelegram(), startFakeVk(), startFakeMeta()]);
	// The WhatsApp credential's template: Utility category, for replies and service notices.
	meta.approveTemplate('order_update', 'en');
	const sqliteFile = join(dir, 'store.sqlite');
	store = await openStore({ backend: 'sqlite', file: sqliteFile });
	credentials = {
		contactCenterStoreApi: { backend: 'sqlite', sqliteFile },
		contactCenterTelegramApi: { accessToken: telegram.token, baseUrl: telegram.baseUrl },
		contactCenterVkApi: { accessToken: vk.token, baseUrl: vk.baseUrl },
		contactCenterWhatsAppApi: { accessToken: meta.whatsapp.token, phoneNumberId: meta.whatsapp.phoneNumberId, baseUrl: meta.baseUrl, templateName: 'order_update', templateLanguage: 'en' },
	};
});

afterEach(async () => {
	await closeAllStores();
	await Promise.all([telegram.close(), vk.close(), meta.close()]);
	rmSync(dir, { recursive: true, force: true });
});

const logged = (channel: Channel, account: string, userId: string, name: string) =>
	store.conversations.logInbound(
		parseInbound({ channel, account, externalId: `in-${++seq}`, conversationKey: userId, sender: { id: userId, name }, text: 'Hello', receivedAt: new Date().toISOString(), raw: {} }),
	);

/** A customer who wrote to the Telegram bot; their chat is what Telegram's sends reach. */
async function onTelegram(name: string): Promise<LoggedInbound & { chat: () => string[] }> {
	const user = telegram.updates.customer({ first_name: name });
	telegram.updates.text(user, 'Hello');
	const inbound = await logged('telegram', String(telegram.botId), String(user.id), name);
	return { ...inbound, chat: () => telegram.sent(user.id).map((m) => m.text ?? '') };
}

async function onVk(name: string): Promise<LoggedInbound & { chat: () => string[] }> {
	const user: VkUser = vk.events.customer({ first_name: name });
	vk.events.text(user, 'Здравствуйте');
	const inbound = await logged('vk', String(vk.groupId), String(user.id), name);
	return { ...inbound, chat: () => vk.sent(user).map((m) => m.text) };
}

/** A customer whose last WhatsApp message was `daysAgo` days ago: outside the 24-hour window only approved templates reach them. */
async function onWhatsApp(waId: string, name: string, daysAgo: number): Promise<LoggedInbound & { templates: () => unknown[] }> {
	const at = new Date(Date.now() - daysAgo * 24 * 3600_000);
	meta.customerWrote('whatsapp', waId, at);
	const inbound = await logged('whatsapp', meta.whatsapp.phoneNumberId, waId, name);
	await store.db.query('UPDATE identities SET last_seen_at = ? WHERE id = ?', [at.toISOString(), inbound.identity.id]);
	return { ...inbound, templates: () => meta.sent('whatsapp', waId).map((m) => (m.body as { template?: { name: string } }).template?.name) };
}

const run = (template: unknown, trigger: string, json: object) =>
	runWorkflow(template as WorkflowJson, { credentials, startNode: trigger, triggerItems: [{ json: json as never }] });

/** Everything jest can fake except Date: the engine, the servers and the database drivers run on real timers. */
const REAL_TIMERS = [
	'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback',
	'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout',
] as const;
/** The clock of a test, on Kyiv time: the zone the shipped templates give customers whose card has none. */
const kyiv = (dayAndTime: string) => new Date(`2025-06-${dayAndTime}:00+03:00`);
const clockAt = (at: Date) => jest.useFakeTimers({ now: at, advanceTimers: true, doNotFake: [...REAL_TIMERS] });
/** One run of a template's 5-minute schedule (Send Held Notices). */
const everyFiveMinutes = (template: unknown) => run(template, 'Every 5 Minutes', { timestamp: new Date().toISOString() });

describe('proactive order status', () => {
	/** What the Webhook node emits for the order system's POST (its header auth already passed). */
	const orderHook = (body: object) => ({ headers: { 'content-type': 'application/json', 'x-order-secret': 'shared' }, params: {}, query: {}, body });
	// Midday where the customers live: updates go at once (22:00–08:00 they wait for the morning).
	beforeEach(() => clockAt(kyiv('02T12:00')));
	afterEach(() => jest.useRealTimers());

	test('an update at 23:00 in the customer’s night waits for her morning: the 5-minute schedule sends it at 08:00, once', async () => {
		const anna = await onTelegram('Anna');
		const hook = orderHook({ customerId: anna.customer.id, orderNumber: 'A-2301', status: 'shipped' });

		jest.setSystemTime(kyiv('02T23:00'));
		const atNight = await run(orderStatus, 'Order Status Changed', hook);
		expect(atNight.error).toBeUndefined();
		expect(atNight.outputOf('Notify Customer')).toEqual([
			expect.objectContaining({ state: 'deferred', notBefore: kyiv('03T08:00').toISOString(), reason: 'quiet_hours: 22:00–08:00 in Europe/Kyiv' }),
		]);

		for (const time of ['02T23:05', '03T03:00', '03T07:55']) {
			jest.setSystemTime(kyiv(time));
			expect((await everyFiveMinutes(orderStatus)).outputOf('Send Held Notices', 1)).toEqual([]);
		}
		expect(anna.chat()).toEqual([]);

		jest.setSystemTime(kyiv('03T08:00'));
		const morning = await everyFiveMinutes(orderStatus);
		expect(morning.error).toBeUndefined();
		expect(morning.outputOf('Send Held Notices')).toEqual([expect.objectContaining({ state: 'sent', channel: 'telegram', customerId: anna.customer.id })]);
		expect(anna.chat()).toEqual(['Hello Anna, your order A-2301 is now shipped.']);

		jest.setSystemTime(kyiv('03T08:05'));
		await everyFiveMinutes(orderStatus);
		jest.setSystemTime(kyiv('03T08:10'));
		const retried = await run(orderStatus, 'Order Status Changed', hook);
		expect(retried.outputOf('Notify Customer')).toEqual([expect.objectContaining({ state: 'sent' })]);
		expect(anna.chat()).toHaveLength(1);
	});

	test('two updates of order 4512 in the customer’s night: her morning brings only the newer, and the older is recorded superseded, also when the order system retries it', async () => {
		const anna = await onTelegram('Anna');
		const update = (status: string) => orderHook({ customerId: anna.customer.id, orderNumber: '4512', status });

		jest.setSystemTime(kyiv('02T22:30'));
		const packed = await run(orderStatus, 'Order Status Changed', update('packed'));
		jest.setSystemTime(kyiv('02T23:30'));
		const shipped = await run(orderStatus, 'Order Status Changed', update('shipped'));
		jest.setSystemTime(kyiv('03T08:00'));
		const morning = await everyFiveMinutes(orderStatus);
		jest.setSystemTime(kyiv('03T08:10'));
		const packedRetried = await run(orderStatus, 'Order Status Changed', update('packed'));

		expect([...packed.outputOf('Notify Customer'), ...shipped.outputOf('Notify Customer')]).toEqual([
			expect.objectContaining({ state: 'deferred' }),
			expect.objectContaining({ state: 'deferred' }),
		]);
		expect(morning.outputOf('Send Held Notices')).toEqual([expect.objectContaining({ state: 'sent', channel: 'telegram' })]);
		expect(anna.chat()).toEqual(['Hello Anna, your order 4512 is now shipped.']);
		expect(packedRetried.error).toBeUndefined();
		expect(packedRetried.outputOf('Notify Customer')).toEqual([
			expect.objectContaining({ state: 'superseded', reason: expect.stringContaining('campaign single:4512-shipped') }),
		]);
		expect(packedRetried.outputOf('Notify Customer', 1)).toEqual([expect.objectContaining({ status: 'done', superseded: 1, sent: 0 })]);
		expect(anna.chat()).toHaveLength(1);
	});

	test('the order system names a customer and the customer is told on their own channel, once however often it retries', async () => {
		const anna = await onTelegram('Anna');
		const hook = orderHook({ customerId: anna.customer.id, orderNumber: 'A-1001', status: 'shipped' });

		const first = await run(orderStatus, 'Order Status Changed', hook);
		expect(first.error).toBeUndefined();
		expect(first.outputOf('Notify Customer')).toEqual([expect.objectContaining({ state: 'sent', channel: 'telegram' })]);
		expect(anna.chat()).toEqual(['Hello Anna, your order A-1001 is now shipped.']);

		const retried = await run(orderStatus, 'Order Status Changed', hook);
		expect(retried.error).toBeUndefined();
		expect(anna.chat()).toHaveLength(1);

		await run(orderStatus, 'Order Status Changed', orderHook({ customerId: anna.customer.id, orderNumber: 'A-1001', status: 'delivered' }));
		expect(anna.chat()).toEqual(['Hello Anna, your order A-1001 is now shipped.', 'Hello Anna, your order A-1001 is now delivered.']);
	});

	test('the order system’s shared secret is not kept with the notice it asked for', async () => {
		const anna = await onTelegram('Anna');

		await run(orderStatus, 'Order Status Changed', orderHook({ customerId: anna.customer.id, orderNumber: 'A-1002', status: 'shipped' }));

		expect(anna.chat()).toEqual(['Hello Anna, your order A-1002 is now shipped.']);
		const stored = await store.db.query('SELECT variables FROM campaign_recipients');
		expect(stored.map((r) => JSON.parse(String(r.variables)))).toEqual([{ body: { customerId: anna.customer.id, orderNumber: 'A-1002', status: 'shipped' } }]);
	});

	test('Telegram failing for the moment makes the webhook answer an error, and the order system’s retry sends the notice once', async () => {
		const anna = await onTelegram('Anna');
		const hook = orderHook({ customerId: anna.customer.id, orderNumber: 'A-1003', status: 'shipped' });
		const telegramApi = credentials.contactCenterTelegramApi;
		credentials.contactCenterTelegramApi = { ...telegramApi, baseUrl: 'http://127.0.0.1:9' };

		const failed = await run(orderStatus, 'Order Status Changed', hook);
		credentials.contactCenterTelegramApi = telegramApi;
		const retried = await run(orderStatus, 'Order Status Changed', hook);

		expect(failed.error).toMatchObject({ message: expect.stringContaining('could not be sent for now'), description: expect.stringMatching(/^passing_failure: telegram: network/) });
		expect(retried.error).toBeUndefined();
		expect(retried.outputOf('Notify Customer')).toEqual([expect.objectContaining({ state: 'sent', channel: 'telegram' })]);
		expect(anna.chat()).toEqual(['Hello Anna, your order A-1003 is now shipped.']);
	});

	test('a customer known only by phone is found by it and written to in their language on VK', async () => {
		const boris = await onVk('Борис');
		// An operator confirmed Boris's phone on his card: a typed one would name nobody.
		await correctCard(store.db, boris.customer.id, { phone: '+7 (900) 123-45-67', language: 'ru' });

		const done = await run(orderStatus, 'Order Status Changed', orderHook({ phone: '79001234567', orderNumber: 'B-7', status: 'готов к выдаче' }));
		expect(done.error).toBeUndefined();
		expect(boris.chat()).toEqual(['Здравствуйте, Борис! Статус заказа B-7: готов к выдаче.']);
	});

	test('customers whose cards have no name still hear about their order, greeted without one in their language', async () => {
		const anon = await onTelegram('');
		const anonRu = await onVk('');
		await correctCard(store.db, anonRu.customer.id, { language: 'ru' });

		for (const who of [anon, anonRu]) {
			const done = await run(orderStatus, 'Order Status Changed', orderHook({ customerId: who.customer.id, orderNumber: `N-${who.customer.id}`, status: 'shipped' }));
			expect(done.outputOf('Notify Customer')).toEqual([expect.objectContaining({ state: 'sent' })]);
		}
		expect(anon.chat()).toEqual([`Hello there, your order N-${anon.customer.id} is now shipped.`]);
		expect(anonRu.chat()).toEqual([`Здравствуйте, уважаемый клиент! Статус заказа N-${anonRu.customer.id}: shipped.`]);
	});

	test('an order for nobody the store knows is skipped with the reason, and the webhook still answers', async () => {
		const done = await run(orderStatus, 'Order Status Changed', orderHook({ email: 'ghost@example.com', orderNumber: 'C-1', status: 'shipped' }));
		expect(done.error).toBeUndefined();
		expect(done.outputOf('Notify Customer')).toEqual([expect.objectContaining({ state: 'skipped', reason: expect.stringContaining('unknown_customer') })]);
	});
});

describe('outage broadcast', () => {
	const form = (fields: object) => ({ submittedAt: new Date().toISOString(), formMode: 'production', expectedFix: '', ...fields });
	/**
	 * The template with its Form Trigger's class swapped for a Manual Trigger under the same name:
	 * n8n's form node pulls in an ES-module-only HTML sanitiser that jest cannot load. The trigger's
	 * output is pinned anyway, and the later nodes read it by the name `Outage Form`.
	 */
	const outage = {
		...outageTemplate,
		nodes: outageTemplate.nodes.map((node) =>
			node.type === 'n8n-nodes-base.formTrigger' ? { ...node, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} } : node,
		),
	};

	test('the banner goes up, affected customers are told even in their night, and "resolved" announces the fix and clears the banner', async () => {
		const anna = await onTelegram('Anna');
		const boris = await onVk('Boris');
		const clara = await onTelegram('Clara');
		await store.conversations.addTags(anna.conversation.id, ['outage-payments']);
		await store.conversations.addTags(boris.conversation.id, ['outage-payments']);
		await store.customers.update(anna.customer.id, { fields: { timeZone: zoneWhereItIs(3) } });

		const announced = await run(outage, 'Outage Form', form({ incident: 'Card payments fail', expectedFix: '18:00', resolved: 'no', campaign: 'outage-payments' }));
		expect(announced.error).toBeUndefined();
		expect(await incidentBanner(store.db)).toEqual(expect.objectContaining({ expectedFix: '18:00' }));
		expect(JSON.stringify((await incidentBanner(store.db))!.text)).toContain('Card payments fail');
		const notice = 'We know about a problem: Card payments fail. Expected fix: 18:00.';
		expect(anna.chat()).toEqual([notice]);
		expect(boris.chat()).toEqual([notice]);
		expect(clara.chat()).toEqual([]);
		expect(announced.outputOf('Notify Affected', 1)).toEqual([expect.objectContaining({ campaign: expect.stringMatching(/^outage-payments:/), sent: 2, deferred: 0 })]);

		const resolved = await run(outage, 'Outage Form', form({ incident: 'Card payments fail', resolved: 'yes', campaign: 'outage-payments' }));
		expect(resolved.error).toBeUndefined();
		expect(await incidentBanner(store.db)).toBeNull();
		const fixed = 'The problem is fixed: Card payments fail. Thank you for your patience.';
		expect(anna.chat()).toEqual([notice, fixed]);
		expect(boris.chat()).toEqual([notice, fixed]);
		expect(clara.chat()).toEqual([]);
	});

	test('a customer Telegram failed for the moment is told by the 5-minute schedule once it works again, though nobody sends the form again', async () => {
		const anna = await onTelegram('Anna');
		await store.conversations.addTags(anna.conversation.id, ['outage-api']);
		const telegramApi = credentials.contactCenterTelegramApi;
		credentials.contactCenterTelegramApi = { ...telegramApi, baseUrl: 'http://127.0.0.1:9' };

		const announced = await run(outage, 'Outage Form', form({ incident: 'The API is down', resolved: 'no', campaign: 'outage-api' }));
		const whileDown = await everyFiveMinutes(outage);
		credentials.contactCenterTelegramApi = telegramApi;
		const back = await everyFiveMinutes(outage);
		const later = await everyFiveMinutes(outage);

		expect(announced.outputOf('Notify Affected')).toEqual([expect.objectContaining({ state: 'deferred', reason: expect.stringMatching(/^passing_failure: telegram: network/) })]);
		expect(whileDown.outputOf('Send Held Notices')).toEqual([expect.objectContaining({ state: 'deferred' })]);
		expect(back.outputOf('Send Held Notices')).toEqual([expect.objectContaining({ state: 'sent', channel: 'telegram' })]);
		expect(later.outputOf('Send Held Notices', 1)).toEqual([]);
		expect(anna.chat()).toEqual(['We know about a problem: The API is down. Expected fix: as soon as possible.']);
	});

	test('a notice Telegram could not take is replaced by the fix: the customer hears only that it is fixed, not of a problem that is over', async () => {
		const anna = await onTelegram('Anna');
		await store.conversations.addTags(anna.conversation.id, ['outage-api']);
		const telegramApi = credentials.contactCenterTelegramApi;
		credentials.contactCenterTelegramApi = { ...telegramApi, baseUrl: 'http://127.0.0.1:9' };

		const announced = await run(outage, 'Outage Form', form({ incident: 'The API is down', resolved: 'no', campaign: 'outage-api' }));
		credentials.contactCenterTelegramApi = telegramApi;
		const resolved = await run(outage, 'Outage Form', form({ incident: 'The API is down', resolved: 'yes', campaign: 'outage-api' }));
		const later = await everyFiveMinutes(outage);

		expect(announced.outputOf('Notify Affected')).toEqual([expect.objectContaining({ state: 'deferred' })]);
		expect(resolved.outputOf('Announce Fix')).toEqual([expect.objectContaining({ state: 'sent', channel: 'telegram' })]);
		expect(later.outputOf('Send Held Notices', 1)).toEqual([]);
		expect(anna.chat()).toEqual(['The problem is fixed: The API is down. Thank you for your patience.']);
	});

	test('a notice is worth sending until an hour past the form’s expected fix, in Kyiv time: one Telegram could not take at 17:00 for a fix at 18:00 is not sent by the 19:30 schedule', async () => {
		clockAt(kyiv('02T17:00'));
		try {
			const anna = await onTelegram('Anna');
			const boris = await onTelegram('Boris');
			await store.conversations.addTags(anna.conversation.id, ['outage-payments']);
			await store.conversations.addTags(boris.conversation.id, ['outage-api']);
			const telegramApi = credentials.contactCenterTelegramApi;
			credentials.contactCenterTelegramApi = { ...telegramApi, baseUrl: 'http://127.0.0.1:9' };

			const payments = await run(outage, 'Outage Form', form({ incident: 'Card payments fail', expectedFix: '18:00', resolved: 'no', campaign: 'outage-payments' }));
			const api = await run(outage, 'Outage Form', form({ incident: 'The API is down', expectedFix: 'о 20:00', resolved: 'no', campaign: 'outage-api' }));
			credentials.contactCenterTelegramApi = telegramApi;
			jest.setSystemTime(kyiv('02T19:30'));
			const later = await everyFiveMinutes(outage);

			expect(payments.outputOf('Notify Affected')).toEqual([expect.objectContaining({ state: 'deferred', validUntil: kyiv('02T19:00').toISOString() })]);
			expect(api.outputOf('Notify Affected')).toEqual([expect.objectContaining({ state: 'deferred', validUntil: kyiv('02T21:00').toISOString() })]);
			expect(later.outputOf('Send Held Notices').map((o) => [o.customerId, o.state])).toEqual([
				[anna.customer.id, 'expired'],
				[boris.customer.id, 'sent'],
			]);
			expect(anna.chat()).toEqual([]);
			expect(boris.chat()).toEqual(['We know about a problem: The API is down. Expected fix: о 20:00.']);
		} finally {
			jest.useRealTimers();
		}
	});

	test('an expected fix that says no time keeps a notice 6 hours (Valid For)', async () => {
		clockAt(kyiv('02T17:00'));
		try {
			const anna = await onTelegram('Anna');
			await store.conversations.addTags(anna.conversation.id, ['outage-payments']);
			const announced = await run(outage, 'Outage Form', form({ incident: 'Card payments fail', expectedFix: 'soon', resolved: 'no', campaign: 'outage-payments' }));
			// 23:00 in Kyiv, to the minute: the test's clock moves on while the workflow runs.
			expect(announced.outputOf('Notify Affected')).toEqual([expect.objectContaining({ state: 'sent', validUntil: expect.stringMatching(/^2025-06-02T20:00:/) })]);
		} finally {
			jest.useRealTimers();
		}
	});

	test('submitting the same outage again tells nobody twice', async () => {
		const anna = await onTelegram('Anna');
		await store.conversations.addTags(anna.conversation.id, ['outage-dns']);
		const fields = form({ incident: 'The site is down', resolved: 'no', campaign: 'outage-dns' });
		await run(outage, 'Outage Form', fields);
		const again = await run(outage, 'Outage Form', fields);
		expect(again.error).toBeUndefined();
		expect(anna.chat()).toEqual(['We know about a problem: The site is down. Expected fix: as soon as possible.']);
	});

	test('a later expected fix reaches the customers told the first one, and the tag used again for a later outage reaches them again', async () => {
		const anna = await onTelegram('Anna');
		await store.conversations.addTags(anna.conversation.id, ['outage-payments']);
		const payments = { incident: 'Card payments fail', campaign: 'outage-payments' };

		await run(outage, 'Outage Form', form({ ...payments, expectedFix: '18:00', resolved: 'no' }));
		await run(outage, 'Outage Form', form({ ...payments, expectedFix: '21:00', resolved: 'no' }));
		await run(outage, 'Outage Form', form({ ...payments, resolved: 'yes' }));
		const nextWeek = { incident: 'Card payments fail at checkout', campaign: 'outage-payments' };
		await run(outage, 'Outage Form', form({ ...nextWeek, expectedFix: '12:00', resolved: 'no' }));
		await run(outage, 'Outage Form', form({ ...nextWeek, resolved: 'yes' }));

		expect(anna.chat()).toEqual([
			'We know about a problem: Card payments fail. Expected fix: 18:00.',
			'We know about a problem: Card payments fail. Expected fix: 21:00.',
			'The problem is fixed: Card payments fail. Thank you for your patience.',
			'We know about a problem: Card payments fail at checkout. Expected fix: 12:00.',
			'The problem is fixed: Card payments fail at checkout. Thank you for your patience.',
		]);
	});
});

describe('promotional campaign', () => {
	test('only opted-in customers of the VIP segment get the offer; one in his quiet hours gets it from a later hourly run, once', async () => {
		const anna = await onTelegram('Anna'); // VIP, opted in, afternoon where she lives
		const boris = await onTelegram('Boris'); // VIP, never opted in
		const clara = await onVk('Clara'); // opted in, not VIP
		const dmitry = await onTelegram('Dmitry'); // VIP, opted in, 3 a.m. where he lives
		for (const [who, vipTier, zone] of [
			[anna, 1, zoneWhereItIs(14)],
			[boris, 2, zoneWhereItIs(14)],
			[clara, 0, zoneWhereItIs(14)],
			[dmitry, 2, zoneWhereItIs(3)],
		] as const) {
			await store.customers.update(who.customer.id, { vipTier, fields: { timeZone: zone } });
		}
		for (const who of [anna, clara, dmitry]) await store.db.query("UPDATE identities SET consent = 'subscribed' WHERE customer_id = ?", [who.customer.id]);

		const hourly = () => run(promo, 'Every Hour', { timestamp: new Date().toISOString() });
		const done = await hourly();
		expect(done.error).toBeUndefined();
		expect(anna.chat()).toEqual(['Hello Anna! This week: 15% off for our VIP customers.']);
		expect(boris.chat()).toEqual([]);
		expect(clara.chat()).toEqual([]);
		expect(dmitry.chat()).toEqual([]);
		const outcomes = done.outputOf('Send Offer');
		expect(outcomes.map((o) => [o.customerId, o.state])).toEqual([
			[anna.customer.id, 'sent'],
			[dmitry.customer.id, 'deferred'],
		]);
		const deferred = outcomes.find((o) => o.state === 'deferred')!;
		expect(deferred.reason).toContain('quiet_hours');
		expect(new Date(String(deferred.notBefore)).getTime()).toBeGreaterThan(Date.now());
		const summary = done.outputOf('Send Offer', 1);
		expect(summary).toEqual([expect.objectContaining({ campaign: expect.stringMatching(/^weekly-offer-\d{4}-\d{2}$/), status: 'running', sent: 1, deferred: 1 })]);

		// Dmitry's morning, as far as quiet hours can tell: the same week's next hourly run reaches him.
		await store.customers.update(dmitry.customer.id, { fields: { timeZone: zoneWhereItIs(10) } });
		await store.db.query("UPDATE campaign_recipients SET not_before = ? WHERE state = 'deferred'", [new Date(Date.now() - 1000).toISOString()]);
		const later = await hourly();
		expect(later.error).toBeUndefined();
		expect(dmitry.chat()).toEqual(['Hello Dmitry! This week: 15% off for our VIP customers.']);
		expect(anna.chat()).toHaveLength(1);
		expect(later.outputOf('Send Offer', 1)).toEqual([expect.objectContaining({ campaign: summary[0].campaign, status: 'done', sent: 2, deferred: 0 })]);
	});

	test('an offer Telegram could not take for a whole day is not sent late: the next day’s hourly run records it expired', async () => {
		// Tuesday and Wednesday: the same week's campaign in any time zone n8n's $now may take.
		clockAt(kyiv('03T12:00'));
		try {
			const anna = await onTelegram('Anna');
			await store.customers.update(anna.customer.id, { vipTier: 1 });
			await store.db.query("UPDATE identities SET consent = 'subscribed' WHERE customer_id = ?", [anna.customer.id]);
			const hourly = () => run(promo, 'Every Hour', { timestamp: new Date().toISOString() });
			const telegramApi = credentials.contactCenterTelegramApi;
			credentials.contactCenterTelegramApi = { ...telegramApi, baseUrl: 'http://127.0.0.1:9' };

			const tuesday = await hourly();
			credentials.contactCenterTelegramApi = telegramApi;
			jest.setSystemTime(kyiv('04T13:00'));
			const wednesday = await hourly();

			expect(tuesday.outputOf('Send Offer')).toEqual([expect.objectContaining({ state: 'deferred', reason: expect.stringMatching(/^passing_failure: telegram/) })]);
			expect(wednesday.error).toBeUndefined();
			expect(wednesday.outputOf('Send Offer')).toEqual([expect.objectContaining({ state: 'expired', reason: `expired: valid until ${kyiv('04T12:00').toISOString()}, not sent by then` })]);
			expect(wednesday.outputOf('Send Offer', 1)).toEqual([expect.objectContaining({ status: 'done', expired: 1, sent: 0 })]);
			expect(anna.chat()).toEqual([]);
		} finally {
			jest.useRealTimers();
		}
	});

	test('on WhatsApp, days after her last message, the offer goes in the marketing template weekly_offer and her order notice in the credential’s utility template', async () => {
		meta.approveTemplate('weekly_offer', 'en');
		const olga = await onWhatsApp('79161234567', 'Olga', 3);
		await store.customers.update(olga.customer.id, { vipTier: 1, fields: { timeZone: zoneWhereItIs(14) } });
		await store.db.query("UPDATE identities SET consent = 'subscribed' WHERE customer_id = ?", [olga.customer.id]);

		const offer = await run(promo, 'Every Hour', { timestamp: new Date().toISOString() });
		const notice = await run(orderStatus, 'Order Status Changed', { headers: {}, params: {}, query: {}, body: { customerId: olga.customer.id, orderNumber: 'W-1', status: 'shipped' } });

		expect(offer.error).toBeUndefined();
		expect(notice.error).toBeUndefined();
		expect(offer.outputOf('Send Offer')).toEqual([expect.objectContaining({ state: 'sent', channel: 'whatsapp' })]);
		expect(olga.templates()).toEqual(['weekly_offer', 'order_update']);
	});

	test('the Quiet Hours table, once it has rows, is when offers wait: an edit there holds a customer the panel’s hours would not, and the next edit lets her offer go', async () => {
		const anna = await onTelegram('Anna'); // VIP, opted in, 14:00 where she lives
		await store.customers.update(anna.customer.id, { vipTier: 1, fields: { timeZone: zoneWhereItIs(14) } });
		await store.db.query("UPDATE identities SET consent = 'subscribed' WHERE customer_id = ?", [anna.customer.id]);
		const hourly = () => run(promo, 'Every Hour', { timestamp: new Date().toISOString() });
		const table = (start: string, end: string) => applyQuietHours(store, [{ kind: 'promotional', start, end, timeZone: '' }]);

		// The panel says 21:00–09:00; the table, as edited by ops staff, keeps offers out of the afternoon.
		await table('13:00', '16:00');
		const held = await hourly();
		expect(held.error).toBeUndefined();
		expect(held.outputOf('Send Offer')).toEqual([expect.objectContaining({ state: 'deferred', reason: expect.stringContaining('quiet_hours: 13:00–16:00') })]);
		expect(anna.chat()).toEqual([]);

		// Edited back to nights: the next run after her wait sends the offer.
		await table('21:00', '09:00');
		await store.db.query("UPDATE campaign_recipients SET not_before = ? WHERE state = 'deferred'", [new Date(Date.now() - 1000).toISOString()]);
		expect((await hourly()).error).toBeUndefined();
		expect(anna.chat()).toEqual(['Hello Anna! This week: 15% off for our VIP customers.']);
	});
});
