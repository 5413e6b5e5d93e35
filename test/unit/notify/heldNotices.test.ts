import type { SendResult } from '../../../nodes/shared/channels/types';
import { runCampaign, sendDue, type DueRun } from '../../../nodes/shared/notify';
import { BACKENDS, openWorld, settings, telegramDown, type World } from './world';

jest.setTimeout(60_000);

/** Kyiv is UTC+3 in summer: 23:00 there is 20:00 UTC. */
const kyiv = (hhmm: string, day = '2025-06-02') => new Date(`${day}T${hhmm}:00+03:00`);
const nightHolds = { quietHours: { start: '22:00', end: '08:00', serviceMayPass: false }, defaultTimeZone: 'Europe/Kyiv' };
const ran = (runs: DueRun[]) => runs.flatMap((due) => ('run' in due ? [due.run.campaign.key] : []));

describe.each(BACKENDS)('notices held back are sent when their time comes, on %s', (_name, open) => {
	let world: World;
	beforeEach(async () => {
		world = await openWorld(open);
	});
	afterEach(() => world.dispose());


	test('an order notice at 23:00 in the customer’s night is sent by the schedule’s first run at 08:00, once', async () => {
		const anna = await world.onTelegram('Anna');
		const notice = { key: 'single:A-1-shipped', settings: settings(nightHolds), recipients: [{ customerId: anna.customer.id, variables: { orderNumber: 'A-1' } }] };

		const atNight = await runCampaign(world.store, world.senders, notice, { now: () => kyiv('23:00') });
		expect(atNight.outcomes[0]).toMatchObject({ state: 'deferred', notBefore: kyiv('08:00', '2025-06-03').toISOString(), reason: 'quiet_hours: 22:00–08:00 in Europe/Kyiv' });

		const schedule = (hhmm: string) => sendDue(world.store, world.senders, { now: () => kyiv(hhmm, '2025-06-03') });
		expect(ran(await schedule('03:00'))).toEqual([]);
		expect(ran(await schedule('07:55'))).toEqual([]);
		expect(world.tg.sent(anna.chatId)).toEqual([]);

		const morning = await schedule('08:00');
		expect(morning).toEqual([expect.objectContaining({ settled: [expect.objectContaining({ state: 'sent', channel: 'telegram' })] })]);
		expect(world.tg.sent(anna.chatId).map((m) => m.text)).toEqual(['Hello Anna, your order A-1 has shipped.']);

		expect(ran(await schedule('08:05'))).toEqual([]);
		const retried = await runCampaign(world.store, world.senders, notice, { now: () => kyiv('08:10', '2025-06-03') });
		expect(retried.outcomes[0].state).toBe('sent');
		expect(world.tg.sent(anna.chatId)).toHaveLength(1);
	});

	test('an outage notice Telegram failed for the moment is retried by every run of the schedule until it goes, once, though nobody sends the form again', async () => {
		const anna = await world.onTelegram('Anna');
		const outage = telegramDown(world);
		const first = await runCampaign(world.store, world.senders, { key: 'outage-payments', settings: settings({ texts: { en: 'Payments are down' } }), recipients: [{ customerId: anna.customer.id }] });
		expect(first.outcomes[0]).toMatchObject({ state: 'deferred', reason: 'passing_failure: telegram: server_error (Bad Gateway)' });

		const stillDown = await sendDue(world.store, world.senders);
		expect(stillDown).toEqual([expect.objectContaining({ settled: [expect.objectContaining({ state: 'deferred' })] })]);
		outage.recover();
		const back = await sendDue(world.store, world.senders);
		const after = await sendDue(world.store, world.senders);

		expect(back).toEqual([expect.objectContaining({ settled: [expect.objectContaining({ state: 'sent', channel: 'telegram' })] })]);
		expect(after).toEqual([]);
		expect(world.tg.sent(anna.chatId).map((m) => m.text)).toEqual(['Payments are down']);
	});

	test('the schedule and the campaign’s own run meeting: one sends, the other finds the campaign held and sends nothing; nobody hears twice', async () => {
		const customers = [];
		for (let i = 0; i < 12; i++) customers.push(await world.onTelegram(`C${i}`));
		// Telegram slow to answer, so that the second run starts while the first is mid-way.
		const telegram = world.senders.telegram!;
		world.senders.telegram = async (message, context) => {
			await new Promise((wake) => setTimeout(wake, 40));
			return telegram(message, context);
		};
		const spec = { key: 'delivery-delays', settings: settings({ texts: { en: 'Deliveries are late today' } }), recipients: customers.map((c) => ({ customerId: c.customer.id })) };

		const own = runCampaign(world.store, world.senders, spec);
		await new Promise((wake) => setTimeout(wake, 100));
		const [scheduled] = await sendDue(world.store, world.senders);
		const run = await own;

		expect(scheduled).toMatchObject({ run: { heldElsewhere: true, recovery: { settled: 0, resent: 0, flagged: 0 } }, settled: [] });
		expect(run).toMatchObject({ heldElsewhere: false, progress: { sent: 12, total: 12 } });
		for (const c of customers) expect(world.tg.sent(c.chatId)).toHaveLength(1);
		expect(await sendDue(world.store, world.senders)).toEqual([]);
	});

	test('a schedule node without the VK credential leaves a notice queued with VK for a node that has it, instead of skipping the customer', async () => {
		const boris = await world.onVk('Борис');
		const vk = world.senders.vk!;
		world.senders.vk = () => Promise.resolve<SendResult>({ ok: false, permanent: false, code: 'server_error', reason: 'Service Unavailable' });
		await runCampaign(world.store, world.senders, { key: 'outage-vk', settings: settings({ texts: { en: 'Payments are down' } }), recipients: [{ customerId: boris.customer.id }] });

		const { vk: _none, ...withoutVk } = { ...world.senders, vk };
		const partial = await sendDue(world.store, withoutVk);
		expect(partial).toEqual([expect.objectContaining({ campaign: expect.objectContaining({ key: 'outage-vk' }), lacking: ['vk'] })]);

		const full = await sendDue(world.store, { ...world.senders, vk });
		expect(full).toEqual([expect.objectContaining({ settled: [expect.objectContaining({ state: 'sent', channel: 'vk' })] })]);
		expect(world.vk.sent({ id: boris.peerId, first_name: '', last_name: '' }).map((m) => m.text)).toEqual(['Payments are down']);
	});
});
