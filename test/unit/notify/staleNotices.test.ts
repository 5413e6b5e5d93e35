import { findCampaign, progressOf, runCampaign, sendDue, type CampaignSpec, type DueRun, type RunOptions } from '../../../nodes/shared/notify';
import { BACKENDS, openWorld, settings, subscribe, telegramDown, type World } from './world';

jest.setTimeout(60_000);

/** Kyiv is UTC+3 in summer: 23:00 there is 20:00 UTC. */
const kyiv = (hhmm: string, day = '2025-06-02') => new Date(`${day}T${hhmm}:00+03:00`);
const nextDay = (hhmm: string) => kyiv(hhmm, '2025-06-03');
const at = (when: Date): RunOptions => ({ now: () => when });
const nightHolds = { quietHours: { start: '22:00', end: '08:00', serviceMayPass: false }, defaultTimeZone: 'Europe/Kyiv' };
const settledBy = (runs: DueRun[]) => runs.flatMap((due) => ('run' in due ? due.settled.map((s) => [due.run.campaign.key, s.state]) : []));

describe.each(BACKENDS)('held notices that are no longer worth sending, on %s', (_name, open) => {
	let world: World;
	beforeEach(async () => {
		world = await openWorld(open);
	});
	afterEach(() => world.dispose());

	const schedule = (when: Date) => sendDue(world.store, world.senders, at(when));
	const countsOf = async (key: string) => progressOf(world.store.db, (await findCampaign(world.store.db, key))!.id);

	describe('a promotion', () => {
		const offer = (customerId: number, patch: Parameters<typeof settings>[0] = {}): CampaignSpec => ({
			key: 'flash-sale',
			settings: settings({ kind: 'promotional', texts: { en: 'Tonight only: 30% off' }, ...patch }),
			recipients: [{ customerId }],
		});

		test('held overnight by quiet hours is not sent at 08:00 the next day after its 6-hour validity; it is recorded expired', async () => {
			const anna = await world.onTelegram('Anna');
			await subscribe(world.store, anna.customer.id);

			const evening = await runCampaign(world.store, world.senders, offer(anna.customer.id, { ...nightHolds, validForHours: 6 }), at(kyiv('23:00')));
			const morning = await schedule(nextDay('08:00'));

			expect(evening.outcomes).toEqual([
				expect.objectContaining({
					state: 'expired',
					reason: `expired: valid until ${nextDay('05:00').toISOString()}, and quiet_hours: 22:00–08:00 in Europe/Kyiv holds it until ${nextDay('08:00').toISOString()}`,
				}),
			]);
			expect(settledBy(morning)).toEqual([]);
			expect(world.tg.sent(anna.chatId)).toEqual([]);
			expect(await countsOf('flash-sale')).toMatchObject({ expired: 1, sent: 0, deferred: 0, remaining: 0, total: 1 });
			expect((await findCampaign(world.store.db, 'flash-sale'))!.status).toBe('done');
		});

		test('held by quiet hours and still valid in the morning is sent at 08:00 as before', async () => {
			const anna = await world.onTelegram('Anna');
			await subscribe(world.store, anna.customer.id);

			const evening = await runCampaign(world.store, world.senders, offer(anna.customer.id, { ...nightHolds, validForHours: 12 }), at(kyiv('23:00')));
			const morning = await schedule(nextDay('08:00'));

			expect(evening.outcomes).toEqual([expect.objectContaining({ state: 'deferred', notBefore: nextDay('08:00').toISOString() })]);
			expect(settledBy(morning)).toEqual([['flash-sale', 'sent']]);
			expect(world.tg.sent(anna.chatId).map((m) => m.text)).toEqual(['Tonight only: 30% off']);
		});

		test('naming no validity, it keeps a day: Telegram down from Monday noon to Tuesday 13:00 means it is never sent, and the schedule records it expired', async () => {
			const anna = await world.onTelegram('Anna');
			await subscribe(world.store, anna.customer.id);
			const telegram = telegramDown(world);

			const monday = await runCampaign(world.store, world.senders, offer(anna.customer.id), at(kyiv('12:00')));
			const stillDown = await schedule(nextDay('11:55'));
			telegram.recover();
			const back = await schedule(nextDay('13:00'));

			expect(monday.outcomes).toEqual([expect.objectContaining({ state: 'deferred', reason: expect.stringMatching(/^passing_failure: /) })]);
			expect(settledBy(stillDown)).toEqual([['flash-sale', 'deferred']]);
			expect(back).toEqual([expect.objectContaining({ settled: [expect.objectContaining({ state: 'expired', reason: `expired: valid until ${nextDay('12:00').toISOString()}, not sent by then` })] })]);
			expect(world.tg.sent(anna.chatId)).toEqual([]);
			expect(await schedule(nextDay('13:05'))).toEqual([]);
		});
	});

	describe('order updates', () => {
		/** One order-status notice as the order-status template asks for it: a campaign of one, keyed by order and status, about the order. */
		const update = (customerId: number, orderNumber: string, status: string, patch: Parameters<typeof settings>[0] = nightHolds): CampaignSpec => ({
			key: `single:${orderNumber}-${status}`,
			settings: settings({ ...patch, texts: { en: 'Your order {{orderNumber}} is now {{status}}.' } }),
			recipients: [{ customerId, subject: orderNumber, variables: { orderNumber, status } }],
		});

		test('two order updates for order 4512 held by quiet hours: only the newer is sent; the older is recorded superseded, also when the order system retries it', async () => {
			const anna = await world.onTelegram('Anna');
			const send = (orderNumber: string, status: string, when: Date) => runCampaign(world.store, world.senders, update(anna.customer.id, orderNumber, status), at(when));

			const packed = await send('4512', 'packed', kyiv('22:30'));
			const otherOrder = await send('4513', 'packed', kyiv('22:45'));
			const shipped = await send('4512', 'shipped', kyiv('23:30'));
			const packedRetried = await send('4512', 'packed', kyiv('23:40'));
			const morning = await schedule(nextDay('08:00'));

			expect([packed, otherOrder, shipped].map((run) => run.outcomes[0].state)).toEqual(['deferred', 'deferred', 'deferred']);
			expect(packedRetried.outcomes).toEqual([
				expect.objectContaining({ state: 'superseded', reason: 'superseded: a newer notice about "4512" (campaign single:4512-shipped) was queued for the customer' }),
			]);
			expect(settledBy(morning)).toEqual([
				['single:4513-packed', 'sent'],
				['single:4512-shipped', 'sent'],
			]);
			expect(world.tg.sent(anna.chatId).map((m) => m.text)).toEqual(['Your order 4513 is now packed.', 'Your order 4512 is now shipped.']);
			expect(await countsOf('single:4512-packed')).toMatchObject({ superseded: 1, sent: 0, remaining: 0, total: 1 });
			expect((await findCampaign(world.store.db, 'single:4512-packed'))!.status).toBe('done');
		});

		test('an update already sent stays sent, and the newer one is sent too: only notices still waiting are replaced', async () => {
			const anna = await world.onTelegram('Anna');

			const packed = await runCampaign(world.store, world.senders, update(anna.customer.id, '4512', 'packed', {}), at(kyiv('12:00')));
			const shipped = await runCampaign(world.store, world.senders, update(anna.customer.id, '4512', 'shipped', {}), at(kyiv('15:00')));

			expect([packed, shipped].map((run) => run.outcomes[0].state)).toEqual(['sent', 'sent']);
			expect(world.tg.sent(anna.chatId).map((m) => m.text)).toEqual(['Your order 4512 is now packed.', 'Your order 4512 is now shipped.']);
		});

		test('a held update about order 4512 is not replaced by another customer’s, nor by an offer naming the same subject', async () => {
			const anna = await world.onTelegram('Anna');
			const boris = await world.onTelegram('Boris');
			await subscribe(world.store, anna.customer.id);

			await runCampaign(world.store, world.senders, update(anna.customer.id, '4512', 'packed'), at(kyiv('22:30')));
			await runCampaign(world.store, world.senders, update(boris.customer.id, '4512', 'shipped'), at(kyiv('22:40')));
			const offer = {
				key: 'accessories-for-4512',
				settings: settings({ ...nightHolds, kind: 'promotional', texts: { en: 'A case for your new phone?' } }),
				recipients: [{ customerId: anna.customer.id, subject: '4512' }],
			};
			await runCampaign(world.store, world.senders, offer, at(kyiv('22:50')));
			const morning = await schedule(nextDay('08:00'));

			expect(settledBy(morning).sort()).toEqual([
				['accessories-for-4512', 'sent'],
				['single:4512-packed', 'sent'],
				['single:4512-shipped', 'sent'],
			]);
			expect(world.tg.sent(anna.chatId).map((m) => m.text)).toEqual(['Your order 4512 is now packed.', 'A case for your new phone?']);
		});

		test('an update still valid is sent as before: one held by quiet hours with a 12-hour validity goes at 08:00', async () => {
			const anna = await world.onTelegram('Anna');

			await runCampaign(world.store, world.senders, update(anna.customer.id, '4512', 'shipped', { ...nightHolds, validForHours: 12 }), at(kyiv('23:00')));
			const morning = await schedule(nextDay('08:00'));

			expect(settledBy(morning)).toEqual([['single:4512-shipped', 'sent']]);
			expect(world.tg.sent(anna.chatId).map((m) => m.text)).toEqual(['Your order 4512 is now shipped.']);
		});
	});
});
