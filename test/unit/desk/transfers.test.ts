import type { DeskList, ListRow } from '../../../nodes/shared/desk/list';
import { parseInbound } from '../../../nodes/shared/envelope';
import { slaReport } from '../../../nodes/shared/reports';
import type { Conversation } from '../../../nodes/shared/store';
import { BACKENDS, openDeskWorld, type DeskWorld } from './world';

/** Everything jest can fake except Date: the store, the router and the desk all read this one clock. */
const REAL_TIMERS = [
	'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback',
	'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout',
] as const;

const DAY = 86_400_000;
let day = Math.floor(Date.now() / DAY) * DAY;

/**
 * "Waiting since" on the desk is the wait the conversation's holder answers for, counted as its
 * deadline is: after a transfer, from when it arrived with the new group or operator. The SLA
 * report still judges the conversation's first answer from its first hand-off.
 */
describe.each(BACKENDS)('waiting times after a transfer, on %s', (_name, open) => {
	let w: DeskWorld;
	const tokens: Record<string, string> = {};
	let at: (minutes: number) => Date;
	/**
	 * The test's clock moves to minute `m` of its own day; everybody's desk page, open all along, has
	 * refreshed (and whoever's session ran idle meanwhile has signed in again).
	 */
	const clock = async (m: number) => {
		jest.setSystemTime(at(m));
		for (const [login, token] of Object.entries(tokens)) {
			if ((await w.call(token, { action: 'changes' })).status === 401) tokens[login] = await w.signIn(login);
		}
	};

	beforeAll(async () => {
		w = await openDeskWorld(open);
		await w.router.groups.update((await w.router.groups.get('Billing'))!.id, { slaMinutes: 10 });
		await w.router.groups.update((await w.router.groups.get('Billing L2'))!.id, { slaMinutes: 15 });
	});
	afterAll(() => w.dispose());
	beforeEach(async () => {
		day += DAY;
		const start = day + 9 * 3_600_000;
		at = (m) => new Date(start + m * 60_000);
		jest.useFakeTimers({ now: at(0), doNotFake: [...REAL_TIMERS] });
		await w.store.db.query("UPDATE routing_entries SET state = 'closed' WHERE state <> 'closed'");
		for (const login of ['anna', 'boris', 'lena', 'sveta']) {
			await w.router.setOperatorStatus(login, 'online');
			tokens[login] = await w.signIn(login);
		}
	});
	afterEach(() => jest.useRealTimers());

	const list = async (login: string) => (await w.call(tokens[login], { action: 'list' })).body as DeskList;
	const rowOf = async (login: string, tab: 'mine' | 'queue', c: Conversation): Promise<ListRow | undefined> =>
		(await list(login))[tab].find((r) => r.conversationId === c.id);
	const answers = async (login: 'anna' | 'lena', c: Conversation, text: string) => {
		const operator = w[login];
		const sent = await w.store.messages.addOutbound({ conversationId: c.id, channel: 'telegram', author: `operator:${operator.id}`, text });
		await w.store.messages.markSent(sent.id, `tg-${sent.id}`);
	};
	let n = 0;
	/** The customer writes (on Telegram, where the chat's key is the customer's id). */
	const writes = async (userId: string, text: string) =>
		(
			await w.store.conversations.logInbound(
				parseInbound({
					channel: 'telegram',
					account: 'support',
					externalId: `t${++n}-${userId}`,
					conversationKey: userId,
					sender: { id: userId, name: userId },
					text,
					receivedAt: new Date().toISOString(),
					raw: {},
				}),
			)
		).conversation;
	const customerAgain = (c: Conversation, text: string) => writes(c.conversationKey, text);

	it('Oksana, answered by Anna, goes to line 2 twenty minutes later: Lena sees her waiting since the transfer, with line 2’s SLA from then', async () => {
		await w.router.setOperatorStatus('lena', 'away');
		const oksana = await w.customerWrites({ topic: 'billing', name: 'Oksana', text: 'I was charged twice' });
		await clock(2);
		await answers('anna', oksana, 'Let me check with our refunds team.');

		await clock(20);
		expect((await w.call(tokens.anna, { action: 'transfer', conversationId: oksana.id, group: 'Billing L2', note: 'refund of a double charge' })).status).toBe(200);
		await clock(22);
		await customerAgain(oksana, 'Any news?');

		expect(await rowOf('lena', 'queue', oksana)).toMatchObject({
			state: 'queued',
			waitingSince: at(20).toISOString(),
			slaDueAt: at(35).toISOString(),
		});
		// The supervisors' dashboard agrees: line 2's queue has waited two minutes, not twenty-two.
		const { floor } = (await w.call(tokens.sveta, { action: 'dashboard' })).body as { floor: { groups: Array<{ name: string; longestWaitSeconds: number }> } };
		expect(floor.groups.find((g) => g.name === 'Billing L2')).toMatchObject({ longestWaitSeconds: 120 });

		await clock(25);
		await w.call(tokens.lena, { action: 'status', status: 'online' });
		expect(await rowOf('lena', 'mine', oksana)).toMatchObject({ waitingSince: at(20).toISOString(), slaDueAt: at(35).toISOString() });

		await clock(26);
		await answers('lena', oksana, 'Your refund is on its way.');
		expect(await rowOf('lena', 'mine', oksana)).toMatchObject({ lifecycle: 'answered', waitingSince: null, slaDueAt: null });

		// The report's first response is the customer's: from the hand-off to Anna's answer, two minutes, in time.
		const report = await slaReport(w.store.db, { from: at(-1), to: at(60) }, { defaultTargetMinutes: 10, now: at(30) });
		expect(report.summary).toMatchObject({ conversations: 1, answered: 1, met: 1, missed: 0, firstResponseMedianSeconds: 120, escalated: 1 });
	});

	it('Ivan, whom Anna had not answered, passed on to Lena ten minutes later: Lena owes him an answer from then, by Billing’s SLA', async () => {
		const ivan = await w.customerWrites({ topic: 'billing', name: 'Ivan', text: 'My card is blocked' });
		expect((await rowOf('anna', 'mine', ivan))?.waitingSince).toBe(at(0).toISOString());

		await clock(10);
		const passed = await w.call(tokens.anna, { action: 'transfer', conversationId: ivan.id, operator: 'lena' });
		expect(passed.body).toEqual({ outcome: expect.anything() });

		expect(await rowOf('lena', 'mine', ivan)).toMatchObject({ groupName: 'Billing', waitingSince: at(10).toISOString(), slaDueAt: at(20).toISOString() });
	});

	it('a customer who chatted with the bot before asking for a person waits from the hand-off, as the SLA counts', async () => {
		const petro = await writes(`petro-${day}`, 'Where is my order?');
		await clock(3);
		await writes(`petro-${day}`, 'It still says "processing"');
		await clock(4);
		await writes(`petro-${day}`, 'operator please');
		await w.router.route(petro, { topic: 'billing' });
		expect(await rowOf('anna', 'mine', petro)).toMatchObject({ waitingSince: at(4).toISOString(), slaDueAt: at(14).toISOString() });
	});

	it('a supervisor’s flag on a customer past line 3 goes once someone has acted: Sveta hands Taras to Lena; Lena answers Zoya', async () => {
		await w.router.groups.create({ name: `Billing L3 ${day}`, topics: ['billing'], line: 3, slaMinutes: 5 });
		const rows = async () => {
			const seen = await list('sveta');
			return [...seen.queue, ...(seen.team ?? [])];
		};
		const flagged = async () => (await rows()).filter((r) => r.flaggedAt !== null).map((r) => r.conversationId).sort();
		for (const login of ['anna', 'lena']) await w.router.setOperatorStatus(login, 'away');
		const taras = await w.customerWrites({ topic: 'billing', name: 'Taras' });
		const zoya = await w.customerWrites({ topic: 'billing', name: 'Zoya' });
		for (const m of [11, 27, 33]) {
			await clock(m);
			await w.router.escalateOverdue();
		}
		expect(await flagged()).toEqual([taras.id, zoya.id].sort());

		await w.router.setOperatorStatus('lena', 'online');
		expect((await w.call(tokens.sveta, { action: 'transfer', conversationId: taras.id, operator: 'lena', note: 'please call him' })).status).toBe(200);
		expect(await w.call(tokens.sveta, { action: 'transfer', conversationId: zoya.id, operator: 'lena' })).toMatchObject({ status: 200 });
		expect(await flagged()).toEqual([]);

		// Flagged again once Lena's own deadline passes unanswered; answered, the flag goes.
		await clock(40);
		await w.router.escalateOverdue();
		expect(await flagged()).toEqual([taras.id, zoya.id].sort());
		await answers('lena', zoya, 'Done: your refund is on its way.');
		expect((await rows()).find((r) => r.conversationId === zoya.id)).toMatchObject({ flaggedAt: null, lifecycle: 'answered' });
		expect(await flagged()).toEqual([taras.id]);
		const report = await slaReport(w.store.db, { from: at(-1), to: at(60) }, { now: at(60) });
		expect(report.summary.escalated).toBe(2);
	});

	it('Anna goes offline after answering Marta, who wrote again: back in the queue, Marta waits since her new message, not since her first hand-off', async () => {
		const marta = await w.customerWrites({ topic: 'billing', name: 'Marta', text: 'Can I change my tariff?' });
		await clock(1);
		await answers('anna', marta, 'Yes: which one would you like?');
		await clock(12);
		await customerAgain(marta, 'The cheapest one, please');
		await clock(13);
		expect(await w.call(tokens.anna, { action: 'status', status: 'offline' })).toMatchObject({ status: 200, body: { requeued: [marta.id] } });

		expect(await rowOf('sveta', 'queue', marta)).toMatchObject({ state: 'queued', lifecycle: 'queued', waitingSince: at(12).toISOString() });
	});
});
