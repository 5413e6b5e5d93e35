import { ACTIVE } from '../../../nodes/shared/routing/repository/directory';
import { BACKENDS, clock, openWorld, type World } from './world';

const at = clock();

describe.each(BACKENDS)("an operator's load on %s", (_name, open) => {
	let world: World;
	beforeEach(async () => {
		world = await openWorld(open);
	});
	afterEach(() => world.dispose());

	test('is counted from their own assigned entries, not by walking every assigned entry of the center', async () => {
		const general = await world.router.groups.create({ name: 'General' });
		const anna = await world.router.operators.create({ name: 'anna', login: 'anna', skills: [general.id], capacity: 2, status: 'online' });
		const ben = await world.router.operators.create({ name: 'ben', login: 'ben', skills: [general.id], capacity: 2, status: 'online' });
		for (let i = 0; i < 5; i++) await world.router.route(await world.conversation(), {}, at(i));

		const plan = await world.db.query(`${world.db.dialect === 'postgres' ? 'EXPLAIN' : 'EXPLAIN QUERY PLAN'} SELECT o.id, ${ACTIVE} AS active FROM operators o`);

		const how = JSON.stringify(plan);
		expect(how).toMatch(/routing_entries_(assigned|operator)/);
		expect(how).not.toContain('routing_entries_deadline');
		expect((await world.router.operators.list()).map((o) => [o.id, o.active])).toEqual([[anna.id, 2], [ben.id, 2]]);
	});
});
