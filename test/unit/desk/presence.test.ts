import { takeAbsentOffline } from '../../../nodes/shared/desk';
import { parseInbound } from '../../../nodes/shared/envelope';
import type { Conversation } from '../../../nodes/shared/store';
import { BACKENDS, openDeskWorld, type DeskWorld } from './world';

/**
 * An operator is at the desk while a desk page of theirs calls (it polls every few seconds); the
 * desk's setting here is the default, 3 minutes. Every test has its own stretch of the clock, an
 * hour after the one before, so that what one leaves behind is long idle for the next.
 */
const HOUR = 3_600_000;
let base = Date.now();
const clockFor = () => {
	base += 2 * HOUR;
	const start = base;
	return (minutes: number) => new Date(start + minutes * 60_000);
};

describe.each(BACKENDS)('an operator closes the desk without signing out, on %s', (_name, open) => {
	let w: DeskWorld;
	beforeAll(async () => {
		w = await openDeskWorld(open);
		// Boris answers billing too, so that customers have somebody else to go to.
		const billing = await w.router.groups.get('Billing');
		await w.router.operators.update(w.boris.id, { skills: [...w.boris.skills, billing!.id] });
	});
	afterAll(() => w.dispose());
	beforeEach(async () => {
		for (const o of [w.anna, w.boris, w.lena, w.sveta]) await w.router.setOperatorStatus(o.id, 'offline');
		await w.store.db.query("UPDATE routing_entries SET state = 'closed' WHERE state <> 'closed'");
	});

	const statusOf = async (login: string) => (await w.router.operators.get(login))?.status;
	const holderOf = async (c: Conversation) => (await w.router.entry(c.id))?.operatorId;
	/** The open desk page refreshing itself every 30 seconds from `from` to `to` (minutes of the test's clock). */
	const pageOpen = async (token: string, at: (m: number) => Date, from: number, to: number) => {
		for (let m = from; m <= to; m += 0.5) expect((await w.call(token, { action: 'changes' }, at(m))).status).toBe(200);
	};
	/** The every-minute schedule, minutes `from` to `to` of the test's clock: who it took offline. */
	const everyMinute = async (at: (m: number) => Date, from: number, to: number) => {
		const taken = [];
		for (let m = from; m <= to; m++) taken.push(...(await takeAbsentOffline(w.store.db, at(m))));
		return taken;
	};
	const signInOnline = async (login: string, at: Date) => {
		const token = await w.signIn(login, undefined, at);
		expect((await w.call(token, { action: 'status', status: 'online' }, at)).status).toBe(200);
		return token;
	};

	it('Anna closes her tab: 4 minutes later new customers go to Boris, her unanswered one too, and reopening the desk brings her back online', async () => {
		const at = clockFor();
		// Boris is busy with three tech customers: billing customers go to Anna first while she is there.
		const boris = await signInOnline('boris', at(0));
		for (const name of ['Taras', 'Tina', 'Tom']) await w.customerWrites({ topic: 'tech', name, at: at(0) });
		const anna = await signInOnline('anna', at(0));
		const hers = await w.customerWrites({ topic: 'billing', name: 'Ivan', at: at(0) });
		expect(await holderOf(hers)).toBe(w.anna.id);
		await pageOpen(anna, at, 0.5, 1);

		// Anna's tab is closed at minute 1; Boris's page goes on refreshing.
		await pageOpen(boris, at, 0.5, 5);
		const next = await w.customerWrites({ topic: 'billing', name: 'Olga', at: at(5) });

		expect(await statusOf('anna')).toBe('offline');
		expect(await holderOf(next)).toBe(w.boris.id);
		expect(await w.router.entry(hers.id)).toMatchObject({ state: 'assigned', operatorId: w.boris.id, previousOperatorId: w.anna.id });
		expect((await w.store.conversations.get(hers.id))?.state).toBe('assigned');

		// She opens the desk again in a new tab, where she signs in: her session had not ended.
		const again = await w.call(null, { action: 'login', login: 'anna', password: 'correct horse battery' }, at(6));
		expect(again.body).toMatchObject({ operator: { status: 'online' } });
		const third = await w.customerWrites({ topic: 'billing', name: 'Petro', at: at(6) });
		expect(await holderOf(third)).toBe(w.anna.id);
	});

	it('Ivan, whom Anna answered before closing her tab, writes again: Boris, of her group, has him at once, not line 2 once his deadline passes', async () => {
		const at = clockFor();
		const boris = await signInOnline('boris', at(0));
		for (const name of ['Taras', 'Tina', 'Tom']) await w.customerWrites({ topic: 'tech', name, at: at(0) });
		await signInOnline('anna', at(0));
		const ivan = await w.customerWrites({ topic: 'billing', name: 'Ivan', userId: `ivan-${at(0).getTime()}`, at: at(0) });
		expect(await holderOf(ivan)).toBe(w.anna.id);
		const answer = await w.store.messages.addOutbound({ conversationId: ivan.id, channel: 'telegram', author: `operator:${w.anna.id}`, text: 'Your card is unblocked.' });
		await w.store.messages.markSent(answer.id, `tg-${answer.id}`);

		// Answered, Ivan stays hers while she is away from the desk: he has nothing to wait for.
		await pageOpen(boris, at, 0.5, 5);
		expect(await statusOf('anna')).toBe('offline');
		expect(await holderOf(ivan)).toBe(w.anna.id);

		const { conversation } = await w.store.conversations.logInbound(
			parseInbound({
				channel: 'telegram',
				account: 'support',
				externalId: `ivan-again-${ivan.id}`,
				conversationKey: ivan.conversationKey,
				sender: { id: ivan.conversationKey, name: 'Ivan' },
				text: 'It is blocked again',
				receivedAt: at(6).toISOString(),
				raw: {},
			}),
		);
		const routed = await w.router.route(conversation, { topic: 'billing' }, at(6));

		expect(routed).toMatchObject({ outcome: 'assigned', operator: { login: 'boris' } });
		expect(await w.router.entry(ivan.id)).toMatchObject({ groupId: (await w.router.groups.get('Billing'))!.id, operatorId: w.boris.id, previousOperatorId: w.anna.id });
		expect((await w.store.conversations.get(ivan.id))?.state).toBe('assigned');
	});

	it('with no desk page open anywhere, the every-minute schedule takes her offline; her laptop waking up brings her back', async () => {
		const at = clockFor();
		const anna = await signInOnline('anna', at(0));
		const hers = await w.customerWrites({ topic: 'billing', name: 'Iryna', at: at(0) });

		expect(await takeAbsentOffline(w.store.db, at(2.5))).toEqual([]);
		const [taken] = await takeAbsentOffline(w.store.db, at(3.5));

		expect(taken).toMatchObject({ operator: { login: 'anna', status: 'offline' }, was: 'online', requeued: [expect.objectContaining({ conversationId: hers.id })] });
		expect(await w.router.entry(hers.id)).toMatchObject({ state: 'queued', operatorId: null });
		expect(await takeAbsentOffline(w.store.db, at(4.5))).toEqual([]);

		// The same page calls again: she is online and has her customer back.
		const woke = await w.call(anna, { action: 'changes' }, at(20));
		expect(woke.body).toMatchObject({ status: 'online' });
		expect(await holderOf(hers)).toBe(w.anna.id);
	});

	it('Anna, away for lunch with the tab closed, comes back away; Boris, who chose offline, stays offline when his page calls', async () => {
		const at = clockFor();
		const anna = await w.signIn('anna', undefined, at(0));
		await w.call(anna, { action: 'status', status: 'away' }, at(0));
		const boris = await w.signIn('boris', undefined, at(0));
		await w.call(boris, { action: 'status', status: 'online' }, at(0));

		expect((await everyMinute(at, 1, 4)).map((t) => [t.operator.login, t.was]).sort()).toEqual([['anna', 'away'], ['boris', 'online']]);
		await w.call(boris, { action: 'status', status: 'offline' }, at(4.5));

		expect((await w.call(anna, { action: 'changes' }, at(10))).body).toMatchObject({ status: 'away' });
		expect((await w.call(boris, { action: 'changes' }, at(10))).body).toMatchObject({ status: 'offline' });
	});

	it('n8n is down for ten minutes: back up, nobody is taken offline before their open page could call again; Boris, whose tab was closed, is', async () => {
		const at = clockFor();
		// Boris is busy with three tech customers: the billing customer goes to Anna.
		await signInOnline('boris', at(0));
		for (const name of ['Taras', 'Tina', 'Tom']) await w.customerWrites({ topic: 'tech', name, at: at(0) });
		const anna = await signInOnline('anna', at(0));
		const hers = await w.customerWrites({ topic: 'billing', name: 'Iryna', at: at(0) });
		expect(await holderOf(hers)).toBe(w.anna.id);
		await pageOpen(anna, at, 0.5, 2);
		expect(await everyMinute(at, 1, 2)).toEqual([]);
		// Boris closed his tab at minute 0; Anna's stays open. n8n is down from minute 2 to minute 12.

		expect(await takeAbsentOffline(w.store.db, at(12.5))).toEqual([]);
		expect([await statusOf('anna'), await statusOf('boris')]).toEqual(['online', 'online']);
		expect(await holderOf(hers)).toBe(w.anna.id);

		// Her page calls again within the minute; his never does.
		await pageOpen(anna, at, 13, 15);
		await everyMinute(at, 13, 15);
		expect([await statusOf('anna'), await statusOf('boris')]).toEqual(['online', 'offline']);
		expect(await holderOf(hers)).toBe(w.anna.id);
	});

	it('an operator who is not at the desk at all (online in the team chat, set by a team lead) is left as they are', async () => {
		const at = clockFor();
		await w.router.setOperatorStatus('lena', 'online', at(0));
		expect(await takeAbsentOffline(w.store.db, at(30))).toEqual([]);
		expect(await statusOf('lena')).toBe('online');
	});

	it('a status a team lead gives Anna while she is gone stands when she comes back', async () => {
		const at = clockFor();
		await signInOnline('anna', at(0));
		await everyMinute(at, 1, 4);
		await w.router.setOperatorStatus('anna', 'away', at(5));
		const back = await w.call(null, { action: 'login', login: 'anna', password: 'correct horse battery' }, at(6));
		expect(back.body).toMatchObject({ operator: { status: 'away' } });
	});

	it('next morning, once her session has ended, Anna signs in offline and chooses to go online, as after signing out', async () => {
		const at = clockFor();
		await signInOnline('anna', at(0));
		await everyMinute(at, 1, 4);
		const morning = await w.call(null, { action: 'login', login: 'anna', password: 'correct horse battery' }, at(14 * 60));
		expect(morning.body).toMatchObject({ operator: { status: 'offline' } });
	});

	it('a page refreshing every five seconds writes its presence twice a minute, not at every call', async () => {
		const at = clockFor();
		const boris = await signInOnline('boris', at(0));
		const presence = async () =>
			Number((await w.store.db.query('SELECT present_until_ms FROM desk_sessions WHERE operator_id = ? ORDER BY present_until_ms DESC LIMIT 1', [w.boris.id]))[0].present_until_ms);
		const seen: number[] = [];
		for (let s = 5; s <= 120; s += 5) {
			await w.call(boris, { action: 'changes' }, new Date(at(0).getTime() + s * 1000));
			seen.push(await presence());
		}
		// The sign-in's, then one write every 30 seconds of the two minutes.
		expect(new Set(seen).size).toBeLessThanOrEqual(5);
		expect(Math.max(...seen)).toBeGreaterThanOrEqual(at(2 + 2.5).getTime());
	});
});
