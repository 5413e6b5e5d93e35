import { limiterFor, PLATFORM_RATES } from '../../../nodes/shared/channels/common/rateLimit';
import { findCampaign, progressOf, runCampaign, sendDue, type CampaignSpec, type DueRun, type RunOptions } from '../../../nodes/shared/notify';
import { recipientsFromItems } from '../../../nodes/shared/notify/audience';
import { addRecipients, openCampaign, recipientsIn } from '../../../nodes/shared/notify/campaigns';
import { claimForSend, markHanded } from '../../../nodes/shared/notify/claim';
import { supersedeEarlier } from '../../../nodes/shared/notify/stale';
import { eventually } from '../../harness/wait';
import { BACKENDS, openWorld, settings, subscribe, telegramDown, type World } from './world';

jest.setTimeout(60_000);

/** Kyiv is UTC+3 in summer: 23:00 there is 20:00 UTC. */
const kyiv = (hhmm: string, day = '2025-06-02') => new Date(`${day}T${hhmm}:00+03:00`);
const nextDay = (hhmm: string) => kyiv(hhmm, '2025-06-03');
const at = (when: Date): RunOptions => ({ now: () => when });
const nightHolds = { quietHours: { start: '22:00', end: '08:00', serviceMayPass: false }, defaultTimeZone: 'Europe/Kyiv' };
const settledBy = (runs: DueRun[]) => runs.flatMap((due) => ('run' in due ? due.settled.map((s) => [due.run.campaign.key, s.state]) : []));

/**
 * Every turn Telegram gives the bot taken until `release`: a notice's send waits there for the
 * platform's rate limit, claimed and not yet handed over, as it can for long in queue mode.
 */
function holdTelegramTurns(world: World) {
	let release!: () => void;
	const gate = new Promise<void>((resolve) => (release = resolve));
	const { limit, windowMs } = PLATFORM_RATES.telegram;
	const limiter = limiterFor('telegram', world.tg.token, limit, windowMs);
	const held = Array.from({ length: limit }, () => limiter.run(() => gate));
	return {
		release: async () => {
			release();
			await Promise.all(held);
		},
	};
}

describe.each(BACKENDS)('held notices that are no longer worth sending, on %s', (_name, open) => {
	let world: World;
	/** Telegram's turns a test holds, given back after it whatever happened. */
	let turns: ReturnType<typeof holdTelegramTurns> | undefined;
	beforeEach(async () => {
		world = await openWorld(open);
	});
	afterEach(async () => {
		await turns?.release();
		turns = undefined;
		await world.dispose();
	});

	const schedule = (when: Date) => sendDue(world.store, world.senders, at(when));
	const countsOf = async (key: string) => progressOf(world.store.db, (await findCampaign(world.store.db, key))!.id);
	const stateIn = async (key: string) =>
		String((await world.store.db.query('SELECT r.state FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id WHERE c.campaign_key = ?', [key]))[0]?.state);
	const messageOf = async (id: number | null) => (await world.store.db.query('SELECT status, error FROM messages WHERE id = ?', [id]))[0];

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

		test('valid until 18:00 and still waiting for Telegram’s turn at 18:30: not sent, recorded expired and counted, its stored message failed', async () => {
			const anna = await world.onTelegram('Anna');
			await subscribe(world.store, anna.customer.id);
			turns = holdTelegramTurns(world);
			let time = kyiv('12:00');

			const running = runCampaign(world.store, world.senders, offer(anna.customer.id, { validForHours: 6 }), { now: () => time });
			await eventually('the offer waiting for its turn', async () => (await stateIn('flash-sale')) === 'claimed');
			time = kyiv('18:30');
			await turns.release();
			const run = await running;

			const reason = `expired: valid until ${kyiv('18:00').toISOString()}, not sent by then`;
			expect(run.outcomes).toEqual([expect.objectContaining({ state: 'expired', reason })]);
			expect(world.tg.sent(anna.chatId)).toEqual([]);
			expect(await messageOf(run.outcomes[0].messageId)).toEqual({ status: 'failed', error: reason });
			expect(run.progress).toMatchObject({ expired: 1, sent: 0, remaining: 0, total: 1 });
			expect(run.campaign.status).toBe('done');
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

	describe('an outage notice', () => {
		/** As outage-broadcast's Notify Affected queues it: about the campaign's tag, valid until an hour past the form's expected fix, else 6 hours. */
		const outage = (customerId: number, expectedFix: string, patch: Parameters<typeof settings>[0] = {}): CampaignSpec => ({
			key: `outage-payments:${expectedFix}`,
			settings: settings({ texts: { en: `Card payments fail. Expected fix: ${expectedFix}.` }, defaultTimeZone: 'Europe/Kyiv', validUntil: expectedFix, validForHours: 6, ...patch }),
			recipients: [{ customerId, subject: 'outage-payments' }],
		});

		test('expected fixed at 18:00 and queued at 17:00: a notice still waiting for Telegram’s rate limit at 19:30 is not sent; it was valid until 19:00', async () => {
			const anna = await world.onTelegram('Anna');
			turns = holdTelegramTurns(world);
			let time = kyiv('17:00');

			const running = runCampaign(world.store, world.senders, outage(anna.customer.id, '18:00'), { now: () => time });
			await eventually('the notice waiting for its turn', async () => (await stateIn('outage-payments:18:00')) === 'claimed');
			time = kyiv('19:30');
			await turns.release();
			const run = await running;

			expect(run.outcomes).toEqual([
				expect.objectContaining({ state: 'expired', validUntil: kyiv('19:00').toISOString(), reason: `expired: valid until ${kyiv('19:00').toISOString()}, not sent by then` }),
			]);
			expect(world.tg.sent(anna.chatId)).toEqual([]);
			expect(run.progress).toMatchObject({ expired: 1, remaining: 0 });
		});

		test('expected fixed at 18:00: a notice that waited for Telegram’s rate limit until 18:45 still goes, since a fix is often late', async () => {
			const anna = await world.onTelegram('Anna');
			turns = holdTelegramTurns(world);
			let time = kyiv('17:00');

			const running = runCampaign(world.store, world.senders, outage(anna.customer.id, '18:00'), { now: () => time });
			await eventually('the notice waiting for its turn', async () => (await stateIn('outage-payments:18:00')) === 'claimed');
			time = kyiv('18:45');
			await turns.release();

			expect((await running).outcomes).toEqual([expect.objectContaining({ state: 'sent' })]);
			expect(world.tg.sent(anna.chatId).map((m) => m.text)).toEqual(['Card payments fail. Expected fix: 18:00.']);
		});

		test('expected fixed «завтра в 9:00», typed at 23:00 while quiet hours hold every notice: the 08:00 schedule sends it; one expected fixed «через 2 часа» is not sent then', async () => {
			const anna = await world.onTelegram('Anna');
			const boris = await world.onTelegram('Boris');
			const nightHoldsAll = { quietHours: { start: '22:00', end: '08:00', serviceMayPass: false } };

			const tomorrowMorning = await runCampaign(world.store, world.senders, outage(anna.customer.id, 'завтра в 9:00', nightHoldsAll), at(kyiv('23:00')));
			const inTwoHours = await runCampaign(world.store, world.senders, { ...outage(boris.customer.id, 'через 2 часа', nightHoldsAll), key: 'outage-dns' }, at(kyiv('23:00')));
			const morning = await schedule(nextDay('08:00'));

			expect(tomorrowMorning.outcomes).toEqual([expect.objectContaining({ state: 'deferred', validUntil: nextDay('10:00').toISOString() })]);
			expect(inTwoHours.outcomes).toEqual([expect.objectContaining({ state: 'expired', validUntil: nextDay('02:00').toISOString() })]);
			expect(settledBy(morning)).toEqual([['outage-payments:завтра в 9:00', 'sent']]);
			expect(world.tg.sent(anna.chatId).map((m) => m.text)).toEqual(['Card payments fail. Expected fix: завтра в 9:00.']);
			expect(world.tg.sent(boris.chatId)).toEqual([]);
		});

		test('an expected fix that says no time keeps the notice 6 hours, as Valid For says', async () => {
			const anna = await world.onTelegram('Anna');

			const run = await runCampaign(world.store, world.senders, outage(anna.customer.id, 'as soon as possible'), at(kyiv('17:00')));

			expect(run.outcomes).toEqual([expect.objectContaining({ state: 'sent', validUntil: kyiv('23:00').toISOString() })]);
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

		test('an order’s status changes while the first notice waits for Telegram’s rate limit: only the newer one is sent, the older is recorded superseded and its stored message failed', async () => {
			const anna = await world.onTelegram('Anna');
			turns = holdTelegramTurns(world);

			const packed = runCampaign(world.store, world.senders, update(anna.customer.id, '4512', 'packed', {}), at(kyiv('12:00')));
			await eventually('the packed notice waiting for its turn', async () => (await stateIn('single:4512-packed')) === 'claimed');
			const shipped = runCampaign(world.store, world.senders, update(anna.customer.id, '4512', 'shipped', {}), at(kyiv('12:01')));
			await eventually('the packed notice replaced', async () => (await stateIn('single:4512-packed')) === 'superseded');
			await turns.release();
			const [older, newer] = await Promise.all([packed, shipped]);

			const reason = 'superseded: a newer notice about "4512" (campaign single:4512-shipped) was queued for the customer';
			expect(older.outcomes).toEqual([expect.objectContaining({ state: 'superseded', reason, channel: 'telegram' })]);
			expect(newer.outcomes).toEqual([expect.objectContaining({ state: 'sent' })]);
			expect(world.tg.sent(anna.chatId).map((m) => m.text)).toEqual(['Your order 4512 is now shipped.']);
			expect(await messageOf(older.outcomes[0].messageId)).toEqual({ status: 'failed', error: reason });
			expect(older.progress).toMatchObject({ superseded: 1, sent: 0, remaining: 0, total: 1 });
			expect(older.campaign.status).toBe('done');
		});

		test('an update claimed by a worker that died is replaced by a newer one; the order system retrying the older finds it superseded, and only the newer reaches Anna', async () => {
			const anna = await world.onTelegram('Anna');
			const packed = update(anna.customer.id, '4512', 'packed', {});
			const campaign = await openCampaign(world.store.db, packed.key, packed.settings);
			await addRecipients(world.store.db, campaign.id, await recipientsFromItems(world.store.db, packed.recipients!));
			const [row] = await recipientsIn(world.store.db, campaign.id, 'pending');
			const [identity] = await world.store.customers.identities(anna.customer.id);
			const claim = await claimForSend(world.store.db, row.id, identity, 'Your order 4512 is now packed.', true);

			const shipped = await runCampaign(world.store, world.senders, update(anna.customer.id, '4512', 'shipped', {}), at(kyiv('12:05')));
			const retried = await runCampaign(world.store, world.senders, packed, at(kyiv('12:10')));

			expect(shipped.outcomes).toEqual([expect.objectContaining({ state: 'sent' })]);
			expect(retried.recovery).toEqual({ settled: 0, resent: 0, flagged: 0 });
			expect(retried.outcomes).toEqual([expect.objectContaining({ state: 'superseded' })]);
			expect(await messageOf(claim!.messageId)).toEqual({ status: 'failed', error: retried.outcomes[0].reason });
			expect(world.tg.sent(anna.chatId).map((m) => m.text)).toEqual(['Your order 4512 is now shipped.']);
		});

		test('fifty updates handed to their channel one after another while newer ones replace them: each older one is either sent or superseded, as its runner was told, and its message says the same', async () => {
			const customers = [];
			for (let i = 0; i < 50; i++) customers.push(await world.onTelegram(`C${i}`));
			const older = update(customers[0].customer.id, 'any', 'packed', {});
			const campaign = await openCampaign(world.store.db, 'packed-updates', older.settings);
			await addRecipients(world.store.db, campaign.id, await recipientsFromItems(world.store.db, customers.map((c, i) => ({ customerId: c.customer.id, subject: `order-${i}` }))));
			const claims: Array<{ id: number; messageId: number }> = [];
			for (const row of await recipientsIn(world.store.db, campaign.id, 'pending')) {
				const [identity] = await world.store.customers.identities(row.customerId!);
				claims.push({ id: row.id, ...(await claimForSend(world.store.db, row.id, identity, 'Your order is packed.', true))! });
			}
			const newer = await openCampaign(world.store.db, 'shipped-updates', older.settings);
			const replacing = await addRecipients(world.store.db, newer.id, await recipientsFromItems(world.store.db, customers.map((c, i) => ({ customerId: c.customer.id, subject: `order-${i}` }))));

			const handed: Array<Awaited<ReturnType<typeof markHanded>>> = [];
			const lane = async () => {
				for (const { id, messageId } of claims) handed.push(await markHanded(world.store.db, id, messageId, kyiv('12:00'), null));
			};
			await Promise.all([lane(), supersedeEarlier(world.store.db, replacing)]);

			const rows = await world.store.db.query<{ id: unknown; state: string; status: string }>(
				'SELECT r.id, r.state, m.status FROM campaign_recipients r JOIN messages m ON m.id = r.message_id WHERE r.campaign_id = ? ORDER BY r.id',
				[campaign.id],
			);
			expect(rows.map((r) => r.state)).toEqual(handed.map((h) => h!.state));
			expect(rows.map((r) => r.state)).toContain('superseded');
			for (const row of rows) expect([row.state, row.status]).toEqual(row.state === 'sending' ? ['sending', 'pending'] : ['superseded', 'failed']);
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
