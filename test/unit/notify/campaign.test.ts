import { correctCard } from '../../../nodes/shared/customers';
import { runCampaign } from '../../../nodes/shared/notify';
import { parseInbound } from '../../../nodes/shared/envelope';
import { BACKENDS, TEMPLATE, openWorld, settings, subscribe, type World } from './world';

jest.setTimeout(60_000);

const order = (customerId: number, orderNumber: string) => ({ customerId, variables: { orderNumber } });

describe.each(BACKENDS)('proactive notifications on %s', (_name, open) => {
	let world: World;
	beforeEach(async () => {
		world = await openWorld(open);
	});
	afterEach(() => world.dispose());

	test('a customer who blocked the Telegram bot gets the order notice in VK instead, and Telegram is not tried again', async () => {
		const tg = await world.onTelegram('Anna', new Date(Date.now() - 60_000));
		const vk = await world.onVk('Anna');
		await world.link(tg, vk);
		await world.store.customers.update(tg.customer.id, { fields: { preferredChannel: 'telegram' } });
		world.tg.block(tg.chatId);

		const run = await runCampaign(world.store, world.senders, { key: 'order-A-1', settings: settings(), recipients: [order(tg.customer.id, 'A-1')] });

		expect(run.outcomes).toEqual([expect.objectContaining({ state: 'sent', channel: 'vk', reason: expect.stringContaining('telegram: blocked') })]);
		expect(world.vk.sent({ id: vk.peerId, first_name: 'Anna', last_name: '' })).toEqual([expect.objectContaining({ text: 'Hello Anna, your order A-1 has shipped.' })]);
		const [telegramIdentity] = (await world.store.customers.identities(tg.customer.id)).filter((i) => i.channel === 'telegram');
		expect(telegramIdentity.status).toBe('blocked');

		const again = await runCampaign(world.store, world.senders, { key: 'order-A-1b', settings: settings(), recipients: [order(tg.customer.id, 'A-1')] });
		expect(again.outcomes[0]).toMatchObject({ state: 'sent', channel: 'vk', reason: 'after telegram: blocked' });
		expect(world.tg.callsTo('sendMessage')).toHaveLength(1);
	});

	test('Telegram saying "too many requests" for longer than the sender retries holds the notice back, never loses it: it goes once, when Telegram lets it', async () => {
		const anna = await world.onTelegram('Anna');
		world.tg.rateLimit(4, 1);

		const run = await runCampaign(world.store, world.senders, { key: 'order-R-1', settings: settings(), recipients: [order(anna.customer.id, 'R-1')] });

		expect(run.outcomes).toEqual([expect.objectContaining({ state: 'sent', channel: 'telegram' })]);
		expect(world.tg.sent(anna.chatId).map((m) => m.text)).toEqual(['Hello Anna, your order R-1 has shipped.']);
		expect(world.tg.callsTo('sendMessage').filter((c) => c.status === 429)).toHaveLength(4);
	});

	test('a promotion needs the customer’s opt-in; an order notice does not', async () => {
		const anna = await world.onTelegram('Anna');
		const promo = await runCampaign(world.store, world.senders, { key: 'promo-2', settings: settings({ kind: 'promotional', texts: { en: 'Sale!' } }), recipients: [{ customerId: anna.customer.id }] });
		const notice = await runCampaign(world.store, world.senders, { key: 'order-2', settings: settings(), recipients: [order(anna.customer.id, 'B-7')] });

		expect(promo.outcomes[0]).toMatchObject({ state: 'skipped', reason: expect.stringContaining('telegram: no_opt_in') });
		expect(notice.outcomes[0].state).toBe('sent');
		expect(world.tg.sent(anna.chatId).map((m) => m.text)).toEqual(['Hello Anna, your order B-7 has shipped.']);
	});

	test('quiet hours in the customer’s zone defer a promotion to the morning, let an outage notice through, and a later run sends the promotion', async () => {
		const anna = await world.onTelegram('Anna');
		await subscribe(world.store, anna.customer.id);
		await world.store.customers.update(anna.customer.id, { fields: { timeZone: 'Asia/Vladivostok' } });
		const lateEvening = new Date('2025-03-10T13:30:00Z'); // 23:30 in Vladivostok (UTC+10)
		const quietHours = { start: '21:00', end: '09:00', serviceMayPass: true };

		const promo = await runCampaign(world.store, world.senders, { key: 'promo-3', settings: settings({ kind: 'promotional', quietHours, texts: { en: 'Spring sale' } }), recipients: [{ customerId: anna.customer.id }] }, { now: () => lateEvening });
		const outage = await runCampaign(world.store, world.senders, { key: 'outage-3', settings: settings({ quietHours, texts: { en: 'Payments are down' } }), recipients: [{ customerId: anna.customer.id }] }, { now: () => lateEvening });

		expect(promo.outcomes[0]).toMatchObject({ state: 'deferred', notBefore: '2025-03-10T23:00:00.000Z', reason: expect.stringContaining('quiet_hours') });
		expect(promo.campaign.status).toBe('running');
		expect(outage.outcomes[0].state).toBe('sent');
		expect(world.tg.sent(anna.chatId).map((m) => m.text)).toEqual(['Payments are down']);

		const stillNight = await runCampaign(world.store, world.senders, { key: 'promo-3', settings: settings({ kind: 'promotional', quietHours, texts: { en: 'Spring sale' } }) }, { now: () => new Date('2025-03-10T20:00:00Z') });
		expect(stillNight.outcomes[0].state).toBe('deferred');
		const morning = await runCampaign(world.store, world.senders, { key: 'promo-3', settings: settings({ kind: 'promotional', quietHours, texts: { en: 'Spring sale' } }) }, { now: () => new Date('2025-03-10T23:05:00Z') });
		expect(morning.outcomes[0].state).toBe('sent');
		expect(morning.campaign.status).toBe('done');
		expect(world.tg.sent(anna.chatId).map((m) => m.text)).toEqual(['Payments are down', 'Spring sale']);
	});

	test('outside the 24-hour window WhatsApp gets the approved template, with the notice as its body', async () => {
		const olga = await world.onWhatsApp('79161234567', 'Olga', new Date(Date.now() - 3 * 24 * 3600_000));

		const run = await runCampaign(world.store, world.senders, { key: 'order-W', settings: settings({ fallbackOrder: ['whatsapp'] }), recipients: [order(olga.customer.id, 'W-5')] });

		expect(run.outcomes[0]).toMatchObject({ state: 'sent', channel: 'whatsapp' });
		const [sent] = world.meta.sent('whatsapp', '79161234567');
		expect(sent.body).toMatchObject({
			type: 'template',
			template: { name: TEMPLATE.name, language: { code: 'en' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Hello Olga, your order W-5 has shipped.' }] }] },
		});
	});

	test('the frequency cap stops a second promotion within a day but not an order notice', async () => {
		const anna = await world.onTelegram('Anna');
		await subscribe(world.store, anna.customer.id);
		const frequencyCap = { count: 1, windowHours: 24, appliesTo: 'promotional' as const };
		const promo = (key: string) => runCampaign(world.store, world.senders, { key, settings: settings({ kind: 'promotional', frequencyCap, texts: { en: key } }), recipients: [{ customerId: anna.customer.id }] });

		expect((await promo('first-sale')).outcomes[0].state).toBe('sent');
		expect((await promo('second-sale')).outcomes[0]).toMatchObject({ state: 'skipped', reason: expect.stringMatching(/^frequency_cap/) });
		const notice = await runCampaign(world.store, world.senders, { key: 'order-F', settings: settings({ frequencyCap }), recipients: [order(anna.customer.id, 'F-1')] });
		expect(notice.outcomes[0].state).toBe('sent');
		expect(world.tg.sent(anna.chatId).map((m) => m.text)).toEqual(['first-sale', 'Hello Anna, your order F-1 has shipped.']);
	});

	test('the reply to a notification lands in the conversation that holds it, under it', async () => {
		const anna = await world.onTelegram('Anna');
		await world.store.conversations.close(anna.conversation.id);
		const run = await runCampaign(world.store, world.senders, { key: 'order-R', settings: settings(), recipients: [order(anna.customer.id, 'R-2')] });

		const reply = await world.store.conversations.logInbound(
			parseInbound({ channel: 'telegram', account: String(world.tg.botId), externalId: 'reply-1', conversationKey: String(anna.chatId), sender: { id: String(anna.chatId) }, text: 'Where is it now?', receivedAt: new Date().toISOString(), raw: {} }),
		);
		const messages = await world.store.messages.list(reply.conversation.id);
		expect(messages.map((m) => [m.direction, m.author, m.status, m.text])).toEqual([
			['out', 'system', 'sent', 'Hello Anna, your order R-2 has shipped.'],
			['in', 'customer', 'received', 'Where is it now?'],
		]);
		expect(messages[0].id).toBe(run.outcomes[0].messageId);
		expect(reply.conversation.id).not.toBe(anna.conversation.id);
	});

	test('items name customers by identity, phone or e-mail; one nobody matches is skipped and counted, and a missing variable skips rather than sends a hole', async () => {
		const anna = await world.onTelegram('Anna');
		// A phone names a customer once an operator confirmed it (a typed one never does).
		await correctCard(world.store.db, anna.customer.id, { phone: '+7 (916) 000-11-22' });
		const run = await runCampaign(world.store, world.senders, {
			key: 'order-items',
			settings: settings(),
			recipients: [
				{ phone: '79160001122', variables: { orderNumber: 'P-1' }, key: 'order P-1' },
				{ channel: 'telegram', externalUserId: String(anna.chatId), key: 'order P-2' },
				{ email: 'nobody@example.com', variables: { orderNumber: 'P-3' } },
			],
		});

		expect(run.outcomes.map((o) => [o.key, o.state, o.reason?.split(':')[0] ?? null])).toEqual([
			['order P-1', 'sent', null],
			['order P-2', 'skipped', 'missing_variable'],
			[expect.stringContaining('nobody@example.com'), 'skipped', 'unknown_customer'],
		]);
		expect(run.progress).toMatchObject({ sent: 1, skipped: 2, remaining: 0, total: 3 });
	});
});
