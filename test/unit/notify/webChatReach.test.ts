import { pollChat } from '../../../nodes/shared/channels/webchat/history';
import { runCampaign } from '../../../nodes/shared/notify';
import { BACKENDS, openWorld, settings, type World } from './world';

jest.setTimeout(60_000);

const NOW = new Date('2025-06-02T10:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe.each(BACKENDS)('a proactive notice reaches the customer where they can read it, on %s', (_name, open) => {
	let world: World;
	let seq = 0;
	beforeEach(async () => {
		world = await openWorld(open);
	});
	afterEach(() => world.dispose());

	const session = () => `visitor-session-${String(++seq).padStart(8, '0')}-${Date.now()}`;
	/** The visitor's page asks for news `msAgo` ago, as the open page does every 1.5 s (and stops when closed). */
	const pagePolled = (sessionId: string, msAgo: number) => pollChat(world.store, 'website', sessionId, 0, NOW.getTime() - msAgo);
	const notify = (key: string, customerId: number, fallbackOrder = settings().fallbackOrder) =>
		runCampaign(world.store, world.senders, { key, settings: settings({ fallbackOrder }), recipients: [{ customerId, variables: { orderNumber: 'A-7' } }] }, { now: () => NOW });
	/** What the visitor's page shows of the conversation now. */
	const page = async (sessionId: string) => (await pollChat(world.store, 'website', sessionId, 0, NOW.getTime()))?.map((line) => line.text);

	test('a customer who closed the web chat an hour ago gets the order notice in VK, where she last wrote before, with the reason', async () => {
		const visit = session();
		const onTelegram = await world.onTelegram('Anna', ago(48 * HOUR));
		const onVk = await world.onVk('Anna', ago(24 * HOUR));
		const onWebChat = await world.onWebChat(visit, 'Anna', ago(HOUR));
		await world.link(onTelegram, onVk);
		await world.link(onTelegram, onWebChat);
		await pagePolled(visit, HOUR - MINUTE);

		const run = await notify('order-A-7', onTelegram.customer.id);

		expect(run.outcomes[0]).toMatchObject({ state: 'sent', channel: 'vk', reason: 'after webchat: left_page' });
		expect(world.vk.sent({ id: onVk.peerId, first_name: '', last_name: '' }).map((m) => m.text)).toEqual(['Hello Anna, your order A-7 has shipped.']);
		expect(world.tg.sent(onTelegram.chatId)).toEqual([]);
	});

	test('a customer still on the page gets it there, in the chat she has open', async () => {
		const visit = session();
		const onTelegram = await world.onTelegram('Anna', ago(48 * HOUR));
		const onWebChat = await world.onWebChat(visit, 'Anna', ago(10 * MINUTE));
		await world.link(onTelegram, onWebChat);
		await pagePolled(visit, 20_000);

		const run = await notify('order-A-7', onTelegram.customer.id);

		expect(run.outcomes[0]).toMatchObject({ state: 'sent', channel: 'webchat', reason: null });
		expect(await page(visit)).toEqual(['Hello', 'Hello Anna, your order A-7 has shipped.']);
		expect(world.tg.sent(onTelegram.chatId)).toEqual([]);
	});

	test('a page left in a background tab, polled once a minute, still counts as open; one silent for five minutes does not', async () => {
		const [open, closed] = [session(), session()];
		const anna = await world.onWebChat(open, 'Anna', ago(30 * MINUTE));
		const boris = await world.onWebChat(closed, 'Boris', ago(30 * MINUTE));
		await pagePolled(open, 70_000);
		await pagePolled(closed, 5 * MINUTE);

		const [toAnna, toBoris] = [await notify('order-A', anna.customer.id, ['webchat']), await notify('order-B', boris.customer.id, ['webchat'])];

		expect(toAnna.outcomes[0]).toMatchObject({ state: 'sent', channel: 'webchat' });
		expect(toBoris.outcomes[0]).toMatchObject({ state: 'skipped', reason: 'no_usable_channel: webchat: left_page' });
		expect(await page(closed)).toEqual(['Hello']);
	});

	test('a visitor known only from a closed web chat is not written to: the reason says why', async () => {
		const visit = session();
		const visitor = await world.onWebChat(visit, 'Guest', ago(2 * HOUR));
		await pagePolled(visit, 2 * HOUR);

		const run = await notify('order-G', visitor.customer.id);

		expect(run.outcomes[0]).toMatchObject({ state: 'skipped', channel: null, reason: 'no_usable_channel: webchat: left_page' });
		expect(await world.store.db.query("SELECT id FROM messages WHERE direction = 'out'")).toEqual([]);
	});
});
