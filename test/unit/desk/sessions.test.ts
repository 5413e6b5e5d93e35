import { setPassword } from '../../../nodes/shared/desk';
import { BACKENDS, openDeskWorld, PASSWORD, type DeskWorld } from './world';

const startedAt = Date.now();
const minutesIn = (n: number) => new Date(startedAt + n * 60_000);

describe.each(BACKENDS)('leaving the operator desk on %s', (_name, open) => {
	let w: DeskWorld;
	beforeAll(async () => {
		w = await openDeskWorld(open, { idleMinutes: 30 });
	});
	afterAll(() => w.dispose());
	beforeEach(() => Promise.all([w.anna, w.boris, w.lena].map((o) => w.router.setOperatorStatus(o.id, 'online'))));

	const statusOf = async (login: string) => (await w.router.operators.get(login))?.status;

	it('Anna signs out: she goes offline, her unanswered customers go back to the queue and the next one is not given to her', async () => {
		const token = await w.signIn('anna');
		const first = await w.customerWrites({ topic: 'billing' });
		expect(await w.router.entry(first.id)).toMatchObject({ state: 'assigned', operatorId: w.anna.id });

		expect((await w.call(token, { action: 'logout' })).status).toBe(200);

		expect(await statusOf('anna')).toBe('offline');
		expect(await w.router.entry(first.id)).toMatchObject({ state: 'queued', operatorId: null });
		const next = await w.customerWrites({ topic: 'billing' });
		expect(await w.router.entry(next.id)).toMatchObject({ state: 'queued' });
	});

	it('Boris signs out on his laptop but is still at the desk on his other screen: he stays online', async () => {
		const laptop = await w.signIn('boris');
		await w.signIn('boris');
		await w.call(laptop, { action: 'logout' });
		expect(await statusOf('boris')).toBe('online');
	});

	it('Lena walked away from her desk: the first call after her session ran idle ends it and takes her offline', async () => {
		const token = await w.signIn('lena', PASSWORD, minutesIn(0));
		expect(await w.call(token, { action: 'me' }, minutesIn(45))).toEqual({ status: 401, body: { error: 'Your session has ended: sign in again.' } });
		expect(await statusOf('lena')).toBe('offline');
	});

	it('Anna closed her tab without signing out: once her session has run idle, the next desk call of anyone ends it and takes her offline', async () => {
		await w.signIn('anna', PASSWORD, minutesIn(100));
		await w.customerWrites({ topic: 'billing' });
		const assignedToAnna = async () =>
			Number((await w.store.db.query("SELECT COUNT(*) AS n FROM routing_entries WHERE operator_id = ? AND state = 'assigned'", [w.anna.id]))[0].n);
		expect(await assignedToAnna()).toBeGreaterThan(0);

		const boris = await w.signIn('boris', PASSWORD, minutesIn(125));
		expect((await w.call(boris, { action: 'changes' }, minutesIn(131))).status).toBe(200);

		expect(await statusOf('anna')).toBe('offline');
		expect(await assignedToAnna()).toBe(0);
	});

	it('Lena left the desk open and went home: the page keeps refreshing, yet after 30 minutes without her the session ends and she goes offline', async () => {
		const token = await w.signIn('lena', PASSWORD, minutesIn(0));
		for (let minute = 5; minute <= 30; minute += 5) expect((await w.call(token, { action: 'changes' }, minutesIn(minute))).status).toBe(200);
		expect((await w.call(token, { action: 'changes' }, minutesIn(31))).status).toBe(401);
		expect(await statusOf('lena')).toBe('offline');
	});

	it('a supervisor’s dashboard refreshing by itself does not keep her session alive either', async () => {
		const token = await w.signIn('sveta', PASSWORD, minutesIn(0));
		for (let minute = 10; minute <= 30; minute += 10) expect((await w.call(token, { action: 'dashboard' }, minutesIn(minute))).status).toBe(200);
		expect((await w.call(token, { action: 'dashboard' }, minutesIn(31))).status).toBe(401);
	});

	it('Boris at work stays signed in: what he does, not the refreshes, keeps his session', async () => {
		const token = await w.signIn('boris', PASSWORD, minutesIn(0));
		expect((await w.call(token, { action: 'directory' }, minutesIn(20))).status).toBe(200);
		expect((await w.call(token, { action: 'changes' }, minutesIn(45))).status).toBe(200);
		expect(await statusOf('boris')).toBe('online');
	});

	it('an administrator setting Boris a temporary password signs him out everywhere, and so offline', async () => {
		await w.signIn('boris');
		await setPassword(w.store.db, 'boris', 'temporary-123', { temporary: true }, w.policy);
		expect(await statusOf('boris')).toBe('offline');
	});

	it('a first password for Nina, who has never signed in, leaves her status as the team lead set it', async () => {
		await w.router.operators.create({ name: 'Nina', login: 'nina', skills: [], role: 'operator', status: 'online', capacity: 1 });
		await setPassword(w.store.db, 'nina', PASSWORD, { temporary: true }, w.policy);
		expect(await statusOf('nina')).toBe('online');
	});
});
