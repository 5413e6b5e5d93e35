import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

import type { RoutingEntry } from '../../../nodes/shared/routing';
import type { Conversation } from '../../../nodes/shared/store';
import { closeAndTake } from './closer';
import { BACKENDS, clock, openWorld, type World } from './world';

const at = clock();
const OPERATORS = 10;
const CAPACITY = 3;
const ARRIVALS = 300;
const CLOSER = join(__dirname, 'closer-process.ts');

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

describe.each(BACKENDS)('eight workers closing and taking arrivals at once on %s', (_name, open) => {
	const WORKERS = 8;
	const QUEUED = 40;
	const ROUNDS = 4;
	// Aging off: the order to keep is priority, then arrival.
	const AGING_OFF = { agingMinutes: 100_000_000 };
	let world: World;
	beforeAll(async () => {
		world = await openWorld(open, AGING_OFF);
	});
	afterAll(() => world.dispose());

	/**
	 * Each worker closes the conversation it holds while taking one of its newcomers, and goes on with
	 * the conversation its close pulled in (closer.ts): on PostgreSQL on connections of its own, on
	 * SQLite in processes of their own (one connection each), all started at once.
	 */
	async function workTogether(tasks: { holding: number; newcomers: number[] }[]): Promise<void> {
		if (world.sqliteFile) return inProcesses(world.sqliteFile, tasks);
		const routers = await Promise.all(tasks.map(() => world.anotherWorker()));
		let minute = 100;
		await Promise.all(tasks.map((t, k) => closeAndTake(routers[k], t.holding, t.newcomers, () => at(minute++))));
	}

	async function inProcesses(file: string, tasks: { holding: number; newcomers: number[] }[]): Promise<void> {
		const children = tasks.map((task) =>
			spawn(process.execPath, ['--no-warnings', '--experimental-transform-types', CLOSER, file, JSON.stringify({ ...task, ...AGING_OFF })], {
				stdio: ['pipe', 'pipe', 'inherit'],
			}),
		);
		const exits = children.map((child) => new Promise<number | null>((resolve) => child.on('exit', resolve)));
		await Promise.all(children.map((child) => once(child.stdout, 'data')));
		for (const child of children) child.stdin.end('go\n');
		expect(await Promise.all(exits)).toEqual(tasks.map(() => 0));
	}

	test('the conversations served are always the first in priority then arrival order, whoever closed and whenever others arrived', async () => {
		const general = await world.router.groups.create({ name: 'General', strategy: 'leastLoaded' });
		for (let i = 0; i < WORKERS / 2; i++) {
			await world.router.operators.create({ name: `Operator ${i}`, login: `op${i}`, skills: [general.id], capacity: 2, status: 'online' });
		}
		const held: number[] = [];
		for (let i = 0; i < WORKERS; i++) {
			const conversation = await world.conversation();
			await world.router.route(conversation, { priority: 0 }, at(0));
			held.push(conversation.id);
		}
		// The queue, one arrival a minute, priorities mixed.
		for (let i = 0; i < QUEUED; i++) await world.router.route(await world.conversation(), { priority: (i * 7) % 4 }, at(1 + i));
		const newcomers = await Promise.all(Array.from({ length: WORKERS * ROUNDS }, () => world.conversation()));

		await workTogether(held.map((holding, k) => ({ holding, newcomers: newcomers.slice(k * ROUNDS, (k + 1) * ROUNDS).map((c) => c.id) })));

		const rows = await world.store.db.query<{ conversation_id: number; state: string; priority: number; enqueued_ms: number; id: number }>(
			'SELECT conversation_id, state, priority, enqueued_ms, id FROM routing_entries WHERE conversation_id NOT IN (' + held.join(',') + ')',
		);
		const ranked = rows
			.map((r) => ({ conversation: Number(r.conversation_id), served: r.state !== 'queued', rank: [-Number(r.priority), Number(r.enqueued_ms), Number(r.id)] }))
			.sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.rank[2] - b.rank[2]);
		const served = ranked.filter((r) => r.served).length;
		expect(served).toBeGreaterThan(WORKERS);
		// Served ones form a prefix of the order: nobody was served while someone ahead of them waited.
		expect(ranked.map((r) => r.served)).toEqual(ranked.map((_, i) => i < served));
		expect((await world.router.operators.list()).every((o) => o.active <= o.capacity)).toBe(true);
	});
});

describe.each(BACKENDS)('conversations arriving together on %s', (_name, open) => {
	let world: World;
	beforeEach(async () => {
		world = await openWorld(open);
		// Nobody to take them: every arrival is queued and told its place.
		await world.router.groups.create({ name: 'General', strategy: 'leastLoaded' });
	});
	afterEach(() => world.dispose());

	const PRIORITIES = [0, 2, 0, 1, 2];
	/** One by one, each is told one plus those already queued ahead of it: higher priority, or as high and there first. */
	const TOLD = [1, 1, 3, 2, 2];
	/** And the queue then stands in priority, then arrival, order. */
	const QUEUE = [1, 4, 3, 0, 2];

	/** Routes them all at once, and `alsoId` with them (after them) when given. */
	async function arriveTogether(alsoId?: number) {
		const conversations = await Promise.all(PRIORITIES.map(() => world.conversation()));
		const results = await Promise.allSettled([
			...conversations.map((c, i) => world.router.route(c, { priority: PRIORITIES[i] }, at(0))),
			...(alsoId === undefined ? [] : [world.router.route({ id: alsoId }, {}, at(0))]),
		]);
		const told = results.map((r) => r.status === 'fulfilled' && r.value.outcome === 'queued' && r.value.position);
		return { conversations, results, told };
	}

	test('are queued together and told the places they would have been told one by one', async () => {
		const { conversations, told } = await arriveTogether();

		expect(told).toEqual(TOLD);
		const places = await Promise.all(conversations.map(async (c) => (await world.router.place(c.id, at(0)))?.position));
		expect(QUEUE.map((i) => places[i])).toEqual([1, 2, 3, 4, 5]);
	});

	test('one that cannot be routed (its conversation does not exist) fails alone; the others are queued as without it', async () => {
		const { conversations, results, told } = await arriveTogether(987_654);

		expect(results[PRIORITIES.length].status).toBe('rejected');
		expect(told.slice(0, -1)).toEqual(TOLD);
		const places = await Promise.all(conversations.map(async (c) => (await world.router.place(c.id, at(0)))?.position));
		expect(QUEUE.map((i) => places[i])).toEqual([1, 2, 3, 4, 5]);
	});
});
