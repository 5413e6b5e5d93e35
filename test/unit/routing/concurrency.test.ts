import type { RoutingEntry } from '../../../nodes/shared/routing';
import type { Conversation } from '../../../nodes/shared/store';
import { BACKENDS, clock, openWorld, type World } from './world';

const at = clock();
const OPERATORS = 10;
const CAPACITY = 3;
const ARRIVALS = 300;

jest.setTimeout(120_000);

describe.each(BACKENDS)('a rush of conversations on %s', (_name, open) => {
	let world: World;
	let conversations: Conversation[];
	beforeAll(async () => {
		world = await openWorld(open);
		const general = await world.router.groups.create({ name: 'General', strategy: 'leastLoaded' });
		for (let i = 0; i < OPERATORS; i++) {
			await world.router.operators.create({ name: `Operator ${i}`, login: `op${i}`, skills: [general.id], capacity: CAPACITY, status: 'online' });
		}
		conversations = [];
		for (let i = 0; i < ARRIVALS; i++) conversations.push(await world.conversation());
	});
	afterAll(() => world.dispose());

	const entries = async () =>
		(await Promise.all(conversations.map((c) => world.router.entry(c.id)))).filter((e): e is RoutingEntry => e !== null);
	const loads = async () => (await world.router.operators.list()).map((o) => o.active);
	/** The order the queue must serve: priority first (all arrived at one instant), then arrival id. */
	const queueOrder = (queued: RoutingEntry[]) =>
		[...queued].sort((a, b) => b.priority - a.priority || a.id - b.id).map((e) => e.conversationId);

	test('300 arriving at once for 10 operators of capacity 3: 30 assigned, 270 queued in priority order, none lost or doubled', async () => {
		const results = await Promise.all(
			conversations.map((c, i) => world.router.route(c, { priority: (i * 7) % 4 }, at(0))),
		);

		expect(results.filter((r) => r.outcome === 'assigned')).toHaveLength(OPERATORS * CAPACITY);
		expect(results.filter((r) => r.outcome === 'queued')).toHaveLength(ARRIVALS - OPERATORS * CAPACITY);
		const all = await entries();
		expect(all).toHaveLength(ARRIVALS);
		const rows = await world.store.db.query('SELECT conversation_id FROM routing_entries');
		expect(rows).toHaveLength(ARRIVALS);
		const assigned = all.filter((e) => e.state === 'assigned');
		expect(assigned).toHaveLength(OPERATORS * CAPACITY);
		expect(await loads()).toEqual(Array(OPERATORS).fill(CAPACITY));
		results.forEach((r, i) => {
			if (r.outcome === 'assigned') expect(all.find((e) => e.conversationId === conversations[i].id)?.operatorId).toBe(r.operator.id);
		});

		const queued = all.filter((e) => e.state === 'queued');
		const order = queueOrder(queued);
		const positions = await Promise.all(order.map(async (id) => (await world.router.place(id, at(0)))?.position));
		expect(positions).toEqual(order.map((_, i) => i + 1));
	});

	test('30 operators closing at once pull 30 more, and no operator goes over capacity', async () => {
		const before = (await entries()).filter((e) => e.state === 'assigned');
		const released = await Promise.all(before.map((e) => world.router.release(e.conversationId, at(1))));

		expect(released.every((r) => r.released?.state === 'closed')).toBe(true);
		const pulled = released.flatMap((r) => r.assigned);
		expect(pulled).toHaveLength(OPERATORS * CAPACITY);
		expect(new Set(pulled.map((e) => e.conversationId)).size).toBe(OPERATORS * CAPACITY);
		expect(await loads()).toEqual(Array(OPERATORS).fill(CAPACITY));
		expect((await entries()).filter((e) => e.state === 'queued')).toHaveLength(ARRIVALS - 2 * OPERATORS * CAPACITY);
	});

	test('then, one close at a time, the queue drains in its order until nobody waits', async () => {
		const expected = queueOrder((await entries()).filter((e) => e.state === 'queued'));
		const served: number[] = [];
		let minute = 2;
		for (;;) {
			const holding = await world.store.db.query("SELECT conversation_id FROM routing_entries WHERE state = 'assigned' LIMIT 1");
			if (!holding.length) break;
			const { assigned } = await world.router.release(Number(holding[0].conversation_id), at(minute++));
			served.push(...assigned.map((e) => e.conversationId));
		}
		expect(served).toEqual(expected);
		expect(await loads()).toEqual(Array(OPERATORS).fill(0));
		expect(await entries()).toEqual([]);
	});
});
