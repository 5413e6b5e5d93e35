import { policyWith } from '../../../nodes/shared/routing';
import { placeBasis } from '../../../nodes/shared/routing/place';
import type { Conversation } from '../../../nodes/shared/store';
import { insertEntries, type NewEntry } from '../../../nodes/shared/routing/repository/entries';
import { BACKENDS, clock, openWorld, type World } from './world';

const at = clock();
const policy = policyWith({});

/**
 * Conversations that arrive in the same millisecond at the same priority are queued by one
 * statement, and each customer is told a place from its position in that batch; operators then
 * take them by id. Both hold only if the database hands the ids out in the batch's order.
 */
describe.each(BACKENDS)('a batch of arrivals on %s', (_name, open) => {
	let world: World;
	beforeEach(async () => {
		world = await openWorld(open);
	});
	afterEach(() => world.dispose());

	test('eight customers queued in one millisecond are served in the order of the places they were told', async () => {
		const night = await world.router.groups.create({ name: 'Night' });
		const conversations: Conversation[] = [];
		for (let i = 0; i < 8; i++) conversations.push(await world.conversation(`Customer ${i}`));
		// The batch's order is not the conversations' own: newest first, then the rest shuffled.
		const batch = [7, 2, 5, 0, 6, 3, 1, 4].map((i) => conversations[i]);
		const arrivals: NewEntry[] = batch.map((c) => ({
			conversationId: c.id,
			customerId: c.customerId,
			groupId: night.id,
			line: 1,
			priority: 0,
			topic: null,
			language: null,
			channel: 'telegram',
			enqueuedMs: at(0).getTime(),
			deadlineMs: null,
			byRules: false,
			deadlineOfGroup: false,
		}));

		const inserted = await insertEntries(world.db, arrivals, placeBasis(policy));

		const told = inserted.map((r) => (r.entry ? r.place.position : null));
		expect(told).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		for (const [i, c] of batch.entries()) expect((await world.router.place(c.id, at(0)))?.position).toBe(told[i]);

		// Bob comes online with room for all of them: he is given them in the order they were told.
		await world.router.operators.create({ name: 'bob', login: 'bob', skills: [night.id], capacity: 8, status: 'online' });
		const taken = await world.router.drain(at(1));
		expect(taken.map((e) => e.conversationId)).toEqual(batch.map((c) => c.id));
	});
});
