import { parseInbound } from '../../../nodes/shared/envelope';
import { applyConsentWord, runCampaign } from '../../../nodes/shared/notify';
import { BACKENDS, openWorld, settings, subscribe, type World } from './world';

jest.setTimeout(60_000);

let seq = 0;

describe.each(BACKENDS)('what STOP and STOP ALL silence, on %s', (_name, open) => {
	let world: World;
	beforeEach(async () => {
		world = await openWorld(open);
	});
	afterEach(() => world.dispose());

	/** A customer who took offers, on Telegram, then writes `text` there (the Conversation step applies it). */
	async function customerWhoWrote(name: string, text: string) {
		const customer = await world.onTelegram(name);
		await subscribe(world.store, customer.customer.id);
		const message = parseInbound({
			channel: 'telegram',
			account: String(world.tg.botId),
			externalId: `consent-${++seq}`,
			conversationKey: String(customer.chatId),
			sender: { id: String(customer.chatId) },
			text,
			receivedAt: new Date().toISOString(),
			raw: {},
		});
		const applied = await applyConsentWord(world.store, await world.store.conversations.logInbound(message), message);
		return { ...customer, applied, chat: () => world.tg.sent(customer.chatId).map((m) => m.text) };
	}

	const offerTo = (key: string, customers: Array<{ customer: { id: number } }>) =>
		runCampaign(world.store, world.senders, { key, settings: settings({ kind: 'promotional', texts: { en: 'Spring sale' } }), recipients: customers.map((c) => ({ customerId: c.customer.id })) });
	const orderNoticeTo = (key: string, customers: Array<{ customer: { id: number } }>) =>
		runCampaign(world.store, world.senders, { key, settings: settings({ texts: { en: 'Your order has shipped' } }), recipients: customers.map((c) => ({ customerId: c.customer.id })) });

	test('customers who wrote STOP in English, Russian, Ukrainian or French get no more offers but still hear that their order shipped', async () => {
		const customers = [
			await customerWhoWrote('Anna', 'STOP'),
			await customerWhoWrote('Борис', 'Отписаться'),
			await customerWhoWrote('Оксана', 'Відписатися!'),
			await customerWhoWrote('Camille', 'Se désabonner'),
		];
		expect(customers.map((c) => c.applied)).toEqual(['stop', 'stop', 'stop', 'stop']);

		const offer = await offerTo('spring-sale', customers);
		const notice = await orderNoticeTo('orders-shipped', customers);

		expect(offer.outcomes.map((o) => [o.state, o.reason])).toEqual(customers.map(() => ['skipped', 'unsubscribed: telegram: unsubscribed']));
		expect(notice.outcomes.map((o) => o.state)).toEqual(['sent', 'sent', 'sent', 'sent']);
		for (const customer of customers) expect(customer.chat()).toEqual(['Your order has shipped']);
	});

	test('customers who asked for no messages at all, in their own words, get neither offers nor order notices, until they write START', async () => {
		const customers = [
			await customerWhoWrote('Anna', 'Stop all messages'),
			await customerWhoWrote('Борис', 'Не пишите мне'),
			await customerWhoWrote('Оксана', 'Не пишіть мені.'),
			await customerWhoWrote('Camille', 'Arrêter tout'),
		];
		expect(customers.map((c) => c.applied)).toEqual(['stop_all', 'stop_all', 'stop_all', 'stop_all']);

		const offer = await offerTo('spring-sale', customers);
		const notice = await orderNoticeTo('orders-shipped', customers);

		for (const run of [offer, notice]) {
			expect(run.outcomes.map((o) => [o.state, o.reason])).toEqual(customers.map(() => ['skipped', 'unsubscribed: telegram: unsubscribed_all']));
		}
		for (const customer of customers) expect(customer.chat()).toEqual([]);

		const [anna] = customers;
		const start = parseInbound({ channel: 'telegram', account: String(world.tg.botId), externalId: `consent-${++seq}`, conversationKey: String(anna.chatId), sender: { id: String(anna.chatId) }, text: '/start', receivedAt: new Date().toISOString(), raw: {} });
		expect(await applyConsentWord(world.store, await world.store.conversations.logInbound(start), start)).toBe('start');
		expect((await orderNoticeTo('orders-delivered', [anna])).outcomes[0].state).toBe('sent');
		expect((await offerTo('summer-sale', [anna])).outcomes[0].state).toBe('sent');
		expect(anna.chat()).toEqual(['Your order has shipped', 'Spring sale']);
	});

	test('a STOP written after STOP ALL keeps the customer out of order notices too', async () => {
		const anna = await customerWhoWrote('Anna', 'stop everything');
		const stop = parseInbound({ channel: 'telegram', account: String(world.tg.botId), externalId: `consent-${++seq}`, conversationKey: String(anna.chatId), sender: { id: String(anna.chatId) }, text: 'stop', receivedAt: new Date().toISOString(), raw: {} });
		expect(await applyConsentWord(world.store, await world.store.conversations.logInbound(stop), stop)).toBe('stop');

		const notice = await orderNoticeTo('orders-shipped', [anna]);

		expect(notice.outcomes[0]).toMatchObject({ state: 'skipped', reason: 'unsubscribed: telegram: unsubscribed_all' });
		expect(anna.chat()).toEqual([]);
	});

	test('a customer who blocked the bot after STOP gets no order notice there: the channel refuses it, whatever STOP allows', async () => {
		const anna = await customerWhoWrote('Anna', 'STOP');
		world.tg.block(anna.chatId);

		const notice = await orderNoticeTo('orders-shipped', [anna]);

		expect(notice.outcomes[0]).toMatchObject({ state: 'failed', reason: expect.stringContaining('telegram: blocked') });
		expect((await orderNoticeTo('orders-delivered', [anna])).outcomes[0]).toMatchObject({ state: 'skipped', reason: 'no_usable_channel: telegram: blocked' });
	});
});
