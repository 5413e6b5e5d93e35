import { policyWith } from '../../../nodes/shared/routing';
import { placesOf, tellPlaces } from '../../../nodes/shared/routing/place';
import { shuffledDb } from '../../harness/shuffled';
import { BACKENDS, clock, openWorld, type World } from './world';

const at = clock();
const policy = policyWith({});

describe.each(BACKENDS)('telling a place on %s', (_name, open) => {
	let world: World;
	beforeEach(async () => {
		world = await openWorld(open);
	});
	afterEach(() => world.dispose());

	test('a customer is told their place only while still queued as read; one taken since is left as it is', async () => {
		const general = await world.router.groups.create({ name: 'General' });
		await world.router.operators.create({ name: 'anna', login: 'anna', skills: [general.id], capacity: 1, status: 'online' });
		const first = await world.conversation();
		await world.router.route(first, {}, at(0));
		const [second, third] = [await world.conversation(), await world.conversation()];
		await world.router.route(second, {}, at(1));
		await world.router.route(third, {}, at(2));
		const read = [(await world.router.entry(second.id))!, (await world.router.entry(third.id))!];

		// Anna takes the second conversation between the read and the telling.
		await world.router.release(first.id, at(3));
		const [taken, waiting] = await tellPlaces(world.db, read.map((entry) => ({ entry, nowMs: at(4).getTime() })), policy);

		expect(taken).toBeNull();
		expect(await world.router.entry(second.id)).toMatchObject({ state: 'assigned' });
		expect(waiting).toMatchObject({ entry: { conversationId: third.id, state: 'queued' }, told: { position: 1 } });
		expect(await world.router.place(third.id, at(4))).toMatchObject({ position: 1, changedMaterially: false });
	});

	test('places asked at once, one entry at two times, each answered by its own ask whatever order the rows come back in', async () => {
		const nobodyOnline = await world.router.groups.create({ name: 'Night' });
		const [early, urgent] = [await world.conversation(), await world.conversation()];
		await world.router.route(early, { group: nobodyOnline.name }, at(0));
		await world.router.route(urgent, { group: nobodyOnline.name, priority: 1 }, at(2.5));
		const [a, b] = [(await world.router.entry(early.id))!, (await world.router.entry(urgent.id))!];

		// At 3 minutes the urgent one is ahead; at 5.5 the early one has aged a step and leads on its arrival.
		const places = await placesOf(shuffledDb(world.db), [
			{ entry: a, nowMs: at(3).getTime() },
			{ entry: b, nowMs: at(3).getTime() },
			{ entry: a, nowMs: at(5.5).getTime() },
		], policy);
		expect(places.map((p) => p.position)).toEqual([2, 1, 1]);
	});
});
