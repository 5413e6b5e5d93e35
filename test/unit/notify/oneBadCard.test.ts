import { runCampaign } from '../../../nodes/shared/notify';
import * as planning from '../../../nodes/shared/notify/plan';
import { BACKENDS, openWorld, settings, subscribe, type World } from './world';

jest.setTimeout(60_000);

const quietHours = { start: '21:00', end: '09:00', serviceMayPass: true };
const lateEveningUtc = new Date('2025-03-10T22:30:00Z');
const nextMiddayUtc = new Date('2025-03-11T12:00:00Z');

describe.each(BACKENDS)('one customer’s bad card does not stall a campaign, on %s', (_name, open) => {
	let world: World;
	beforeEach(async () => {
		world = await openWorld(open);
	});
	afterEach(() => {
		jest.restoreAllMocks();
		return world.dispose();
	});

	async function threeCustomers() {
		const customers = [];
		for (const name of ['Anna', 'Boris', 'Clara']) {
			const customer = await world.onTelegram(name);
			await subscribe(world.store, customer.customer.id);
			customers.push(customer);
		}
		return customers;
	}

	test('an operator typed "Kyiv" as Boris’s time zone: the campaign’s zone keeps his quiet hours, the reason says so, and the others are not held up', async () => {
		const [anna, boris, clara] = await threeCustomers();
		await world.store.customers.update(boris.customer.id, { fields: { timeZone: 'Kyiv' } });
		const promo = { key: 'promo-tz', settings: settings({ kind: 'promotional', texts: { en: 'Offer for {{name}}' }, quietHours }), recipients: [anna, boris, clara].map((c) => ({ customerId: c.customer.id })) };

		const evening = await runCampaign(world.store, world.senders, promo, { now: () => lateEveningUtc });
		const noon = await runCampaign(world.store, world.senders, promo, { now: () => nextMiddayUtc });

		expect(evening.outcomes.map((o) => [o.state, o.reason])).toEqual([
			['deferred', 'quiet_hours: 21:00–09:00 in UTC'],
			['deferred', 'quiet_hours: 21:00–09:00 in UTC (the card’s time zone "Kyiv" is not one)'],
			['deferred', 'quiet_hours: 21:00–09:00 in UTC'],
		]);
		expect(noon.outcomes.map((o) => o.state)).toEqual(['sent', 'sent', 'sent']);
		expect(world.tg.sent(boris.chatId).map((m) => m.text)).toEqual(['Offer for Boris']);
	});

	test('whatever breaks while planning one recipient fails that recipient with the reason; the others get their notice', async () => {
		const [anna, boris, clara] = await threeCustomers();
		const planFor = planning.planFor;
		jest.spyOn(planning, 'planFor').mockImplementation((customer, ...rest) => {
			if (customer.id === boris.customer.id) throw new RangeError('a card field no code foresaw');
			return planFor(customer, ...rest);
		});

		const run = await runCampaign(world.store, world.senders, { key: 'order-day', settings: settings(), recipients: [anna, boris, clara].map((c) => ({ customerId: c.customer.id, variables: { orderNumber: `O-${c.customer.id}` } })) });

		expect(run.outcomes.map((o) => [o.state, o.reason])).toEqual([
			['sent', null],
			['failed', 'error: a card field no code foresaw'],
			['sent', null],
		]);
		expect(world.tg.sent(clara.chatId)).toHaveLength(1);
	});
});
