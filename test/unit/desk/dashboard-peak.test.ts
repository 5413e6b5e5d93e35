/**
 * Peak hour: an outage puts 200 billing customers ahead in the queue at raised priority, while 15
 * tech customers are already past their first-response deadline. The supervisor's lists show the
 * first few hundred; the dashboard's per-group figures count every live conversation.
 */
import type { Dashboard } from '../../../nodes/shared/desk/dashboard';
import { BACKENDS, openDeskWorld, type DeskWorld } from './world';

describe.each(BACKENDS)('the dashboard at a peak on %s', (_name, open) => {
	let w: DeskWorld;
	beforeAll(async () => {
		w = await openDeskWorld(open);
	});
	afterAll(() => w.dispose());

	it('counts the overdue tech customers behind 200 billing customers of higher priority', async () => {
		for (const login of ['anna', 'boris', 'lena']) await w.router.setOperatorStatus(login, 'offline');
		const dueAt = async (conversationId: number, ms: number) =>
			w.store.db.query('UPDATE routing_entries SET deadline_ms = ? WHERE conversation_id = ?', [ms, conversationId]);
		for (let i = 0; i < 15; i++) await dueAt((await w.customerWrites({ topic: 'tech', name: `Tech ${i}` })).id, Date.now() - 10 * 60_000);
		for (let i = 0; i < 200; i++) await dueAt((await w.customerWrites({ topic: 'billing', name: `Bill ${i}`, priority: 5 })).id, Date.now() + 60 * 60_000);

		const { floor } = (await w.call(await w.signIn('sveta'), { action: 'dashboard' })).body as Dashboard;

		expect(floor.groups.find((g) => g.name === 'Tech')).toMatchObject({ queued: 15, overdue: 15, atRisk: 0 });
		expect(floor.groups.find((g) => g.name === 'Billing')).toMatchObject({ queued: 200, overdue: 0, atRisk: 0 });
	});
});
