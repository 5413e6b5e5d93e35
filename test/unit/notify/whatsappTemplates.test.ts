import { runCampaign } from '../../../nodes/shared/notify';
import { BACKENDS, TEMPLATE, openWorld, settings, subscribe, type World } from './world';

jest.setTimeout(60_000);

const DAY = 24 * 3600_000;
/** Approved in Meta's WhatsApp Manager under the Marketing category, in English and Russian. */
const MARKETING = 'spring_offer';

describe.each(BACKENDS)('WhatsApp templates of offers and of service notices, on %s', (_name, open) => {
	let world: World;
	beforeEach(async () => {
		world = await openWorld(open);
		world.meta.approveTemplate(MARKETING, 'en');
		world.meta.approveTemplate(MARKETING, 'ru');
	});
	afterEach(() => world.dispose());

	const offer = (patch: Parameters<typeof settings>[0] = {}) =>
		settings({ kind: 'promotional', fallbackOrder: ['whatsapp', 'telegram'], texts: { en: 'Spring sale, {{name}}!', ru: 'Весенняя распродажа, {{name}}!' }, ...patch });
	const templateOf = (waId: string) => world.meta.sent('whatsapp', waId).map((m) => (m.body as { template?: unknown }).template);

	test('a customer who last wrote three days ago gets the offer in the marketing template, in her language, and her order notice in the utility one', async () => {
		const olga = await world.onWhatsApp('79161234567', 'Olga', new Date(Date.now() - 3 * DAY));
		const ivan = await world.onWhatsApp('79167654321', 'Иван', new Date(Date.now() - 3 * DAY));
		await world.store.customers.update(ivan.customer.id, { language: 'ru' });
		for (const who of [olga, ivan]) await subscribe(world.store, who.customer.id);

		const promo = await runCampaign(world.store, world.senders, { key: 'spring', settings: offer({ marketingTemplate: MARKETING }), recipients: [olga, ivan].map((c) => ({ customerId: c.customer.id })) });
		const notice = await runCampaign(world.store, world.senders, { key: 'order-W-5', settings: settings({ fallbackOrder: ['whatsapp'] }), recipients: [{ customerId: olga.customer.id, variables: { orderNumber: 'W-5' } }] });

		expect(promo.outcomes.map((o) => [o.state, o.channel])).toEqual([['sent', 'whatsapp'], ['sent', 'whatsapp']]);
		expect(notice.outcomes[0]).toMatchObject({ state: 'sent', channel: 'whatsapp' });
		const body = (text: string) => [{ type: 'body', parameters: [{ type: 'text', text }] }];
		expect(templateOf('79161234567')).toEqual([
			{ name: MARKETING, language: { code: 'en' }, components: body('Spring sale, Olga!') },
			{ name: TEMPLATE.name, language: { code: TEMPLATE.language }, components: body('Hello Olga, your order W-5 has shipped.') },
		]);
		expect(templateOf('79167654321')).toEqual([{ name: MARKETING, language: { code: 'ru' }, components: body('Весенняя распродажа, Иван!') }]);
	});

	test('with no marketing template the offer never borrows the utility one: it goes by Telegram, or not at all', async () => {
		const olga = await world.onWhatsApp('79161234567', 'Olga', new Date(Date.now() - 3 * DAY));
		const olgaOnTelegram = await world.onTelegram('Olga', new Date(Date.now() - 4 * DAY));
		await world.link(olga, olgaOnTelegram);
		const petr = await world.onWhatsApp('79160000000', 'Petr', new Date(Date.now() - 3 * DAY));
		for (const who of [olga, petr]) await subscribe(world.store, who.customer.id);

		const promo = await runCampaign(world.store, world.senders, { key: 'spring', settings: offer(), recipients: [olga, petr].map((c) => ({ customerId: c.customer.id })) });

		expect(promo.outcomes.map((o) => [o.state, o.channel, o.reason])).toEqual([
			['sent', 'telegram', 'after whatsapp: no_marketing_template'],
			['skipped', null, 'no_usable_channel: whatsapp: no_marketing_template'],
		]);
		expect(world.meta.sent('whatsapp', '79161234567')).toEqual([]);
		expect(world.meta.sent('whatsapp', '79160000000')).toEqual([]);
		expect(world.tg.sent(olgaOnTelegram.chatId).map((m) => m.text)).toEqual(['Spring sale, Olga!']);
	});

	test('within the 24-hour window the offer is a plain message, as Meta allows there', async () => {
		const olga = await world.onWhatsApp('79161234567', 'Olga', new Date(Date.now() - 3600_000));
		await subscribe(world.store, olga.customer.id);

		const promo = await runCampaign(world.store, world.senders, { key: 'spring', settings: offer({ marketingTemplate: MARKETING }), recipients: [{ customerId: olga.customer.id }] });

		expect(promo.outcomes[0]).toMatchObject({ state: 'sent', channel: 'whatsapp' });
		expect(world.meta.sent('whatsapp', '79161234567').map((m) => m.body)).toEqual([expect.objectContaining({ type: 'text', text: { body: 'Spring sale, Olga!', preview_url: false } })]);
	});
});
