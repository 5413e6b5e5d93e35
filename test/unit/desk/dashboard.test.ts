/**
 * The supervisor dashboard over a day whose every figure is known by construction: written
 * straight into the store with the reports' seeding (times a real day would leave), judged at
 * noon UTC on 12 March 2025.
 */
import { deskPolicyWith, handleDeskCall, setPassword } from '../../../nodes/shared/desk';
import { renderSvg, reportCharts } from '../../../nodes/shared/charts';
import { csvCell, dashboardCharts, dashboardPeriod, supervisorDashboard, type Dashboard } from '../../../nodes/shared/desk/dashboard';
import { topicsReport } from '../../../nodes/shared/reports';
import { routerOn, type Operator } from '../../../nodes/shared/routing';
import { storeOn, type Store } from '../../../nodes/shared/store';
import { BACKENDS, migratedDb } from '../../harness/backends';
import { seedCenter, type Story } from '../reports/week';

const NOON = new Date('2025-03-12T12:00:00.000Z');
const TODAY = '2025-03-12T';
const HOSTILE_TOPIC = '=1+2 <script>alert(1)</script> & co';
const HOSTILE_CUSTOMER = '=HYPERLINK("http://evil.example","click")';
const PASSWORD = 'a long desk passphrase';

const STORIES: Record<string, Story> = {
	// Yesterday's, answered and rated before midnight: in no figure of today.
	yesterday: {
		topic: 'billing', channel: 'telegram', opened: '2025-03-11T23:40:00.000Z', handoff: 0,
		queued: { at: 0, group: 'Billing' }, operator: { login: 'anna', assigned: 0, replies: [5], closed: 10 }, due: 5,
		rating: { score: 1, at: 15 },
	},
	// The bot alone settles four.
	bot1: { topic: 'delivery', channel: 'telegram', opened: `${TODAY}08:00:00.000Z`, bot: 1 },
	bot2: { topic: 'delivery', channel: 'telegram', opened: `${TODAY}08:10:00.000Z`, bot: 2 },
	bot3: { topic: 'delivery', channel: 'webchat', opened: `${TODAY}08:20:00.000Z`, bot: 1 },
	bot4: { topic: HOSTILE_TOPIC, channel: 'telegram', opened: `${TODAY}08:30:00.000Z`, bot: 1 },
	// Answered: Anna in 2 and 3 minutes (the second counted from the hand-off), Boris in 10.
	anna2: {
		topic: 'billing', channel: 'telegram', opened: `${TODAY}09:00:00.000Z`, handoff: 0,
		queued: { at: 0, group: 'Billing' }, operator: { login: 'anna', assigned: 0, replies: [2, 6], closed: 30 }, due: 5,
		rating: { score: 5, at: 40 },
	},
	anna3: {
		topic: 'billing', channel: 'whatsapp', opened: `${TODAY}10:00:00.000Z`, bot: 1, handoff: 1,
		queued: { at: 1, group: 'Billing' }, operator: { login: 'anna', assigned: 1, replies: [4], closed: 20 }, due: 6,
		rating: { score: 4, at: 25 },
	},
	boris10: {
		topic: 'tech', channel: 'webchat', opened: `${TODAY}10:30:00.000Z`, handoff: 0,
		queued: { at: 0, group: 'Tech' }, operator: { login: 'boris', assigned: 0, replies: [10], closed: 25 }, due: 5,
		rating: { score: 2, at: 30 },
	},
	// Live at noon: Tech has one an hour in its queue, overdue since 11:30, and one due at 12:02.
	overdue: { topic: 'tech', channel: 'telegram', opened: `${TODAY}11:00:00.000Z`, handoff: 0, queued: { at: 0, group: 'Tech' }, due: 30 },
	breaking: { topic: 'tech', channel: 'telegram', opened: `${TODAY}11:50:00.000Z`, handoff: 0, queued: { at: 0, group: 'Tech' }, due: 12 },
	// Billing: one queued two minutes, due at 12:18; one Anna holds unanswered, due at 12:03.
	fresh: { topic: 'billing', channel: 'viber', opened: `${TODAY}11:58:00.000Z`, handoff: 0, queued: { at: 0, group: 'Billing' }, due: 20 },
	held: {
		topic: 'billing', channel: 'telegram', opened: `${TODAY}11:56:00.000Z`, handoff: 0,
		queued: { at: 0, group: 'Billing' }, operator: { login: 'anna', assigned: 1, replies: [] }, due: 7,
	},
	// Nobody, not even the bot, answered; no topic found.
	silent: { topic: null, channel: 'telegram', opened: `${TODAY}07:00:00.000Z` },
};

describe.each(BACKENDS)('the supervisor dashboard on %s', (_name, open) => {
	let store: Store;
	let drop: () => Promise<void>;
	let sveta: Operator;
	let anna: Operator;
	const ids: Record<string, number> = {};
	let dashboard: Dashboard;
	let tell: (story: Story) => Promise<number>;
	const policy = deskPolicyWith({});

	beforeAll(async () => {
		const migrated = await migratedDb(open);
		drop = migrated.drop;
		store = storeOn(migrated.db);
		const seeded = await seedCenter(store.db);
		const { operators } = seeded;
		tell = seeded.tell;
		for (const [key, story] of Object.entries(STORIES)) ids[key] = await tell(story);
		const router = routerOn(store.db);
		// Anna is online but full (the one she holds), so that the queues stay.
		anna = await router.operators.update(operators.anna, { status: 'online', capacity: 1, name: 'Anna <b>&</b>' });
		await router.operators.update(operators.boris, { status: 'away', capacity: 2 });
		sveta = await router.operators.create({ name: 'Sveta', login: 'sveta', skills: [], role: 'supervisor', status: 'online' });
		const [{ customer_id: customerId }] = await store.db.query('SELECT customer_id FROM conversations WHERE id = ?', [ids.fresh]);
		await store.db.query('UPDATE customers SET name = ? WHERE id = ?', [HOSTILE_CUSTOMER, customerId]);
		dashboard = await supervisorDashboard(store.db, sveta, dashboardPeriod(NOON), NOON);
	});
	afterAll(async () => {
		await store.close();
		await drop();
	});

	it('counts today only: volume by channel and topic, first answers, the bot’s share and ratings', () => {
		const p = dashboard.period;
		expect(p.period).toEqual({ from: '2025-03-12T00:00:00.000Z', to: '2025-03-13T00:00:00.000Z' });
		expect(p.conversations).toBe(12);
		expect(p.byChannel).toEqual([
			{ label: 'telegram', count: 8 },
			{ label: 'webchat', count: 2 },
			{ label: 'viber', count: 1 },
			{ label: 'whatsapp', count: 1 },
		]);
		expect(Object.fromEntries(p.byTopic.map((t) => [t.label, t.count]))).toEqual({
			billing: 4, delivery: 3, tech: 3, [HOSTILE_TOPIC]: 1, unclassified: 1,
		});
		expect(p.handedOff).toBe(7);
		expect(p.answered).toBe(3);
		expect(p.firstResponseMedianSeconds).toBe(180);
		// Decided: the three answered and the two waiting over five minutes; in time: Anna's two.
		expect(p.answeredWithin5Min).toEqual({ count: 2, of: 5, share: 0.4 });
		expect(p.selfService).toEqual({ count: 4, share: 0.3333 });
		expect(p.csat).toEqual({ ratings: 3, average: 3.67, satisfiedShare: 0.6667 });
	});

	it('shows each group’s queue, its longest wait and the deadlines about to break', () => {
		const byName = Object.fromEntries(dashboard.floor.groups.map(({ groupId: _id, ...g }) => [g.name, g]));
		expect(byName).toEqual({
			Billing: { name: 'Billing', line: 1, queued: 1, longestWaitSeconds: 120, assigned: 1, atRisk: 1, overdue: 0 },
			Tech: { name: 'Tech', line: 1, queued: 2, longestWaitSeconds: 3600, assigned: 0, atRisk: 1, overdue: 1 },
			Experts: { name: 'Experts', line: 2, queued: 0, longestWaitSeconds: null, assigned: 0, atRisk: 0, overdue: 0 },
		});
		expect(dashboard.floor.waiting.map((r) => r.conversationId)).toEqual([ids.overdue, ids.breaking, ids.fresh]);
		expect(dashboard.floor.atRisk.map((r) => [r.conversationId, r.sla, r.slaDueAt])).toEqual([
			[ids.overdue, 'overdue', '2025-03-12T11:30:00.000Z'],
			[ids.breaking, 'atRisk', '2025-03-12T12:02:00.000Z'],
			[ids.held, 'atRisk', '2025-03-12T12:03:00.000Z'],
		]);
		expect(dashboard.floor.atRisk[2]).toMatchObject({ state: 'assigned', operatorName: 'Anna <b>&</b>', groupName: 'Billing' });
	});

	it('shows who is online, away or offline and how loaded, leaving out a supervisor who serves no group', () => {
		expect(dashboard.floor.operators).toEqual({
			online: 1,
			away: 1,
			offline: 0,
			rows: [
				{ operatorId: anna.id, name: 'Anna <b>&</b>', status: 'online', active: 1, capacity: 1, load: 1 },
				{ operatorId: expect.any(Number), name: 'Boris', status: 'away', active: 0, capacity: 2, load: 0 },
			],
		});
	});

	it('answers supervisors only, and exports what it shows as CSV that no spreadsheet runs as a formula', async () => {
		for (const login of ['anna', 'sveta']) await setPassword(store.db, login, PASSWORD, { temporary: false }, policy);
		const call = async (login: string, body: Record<string, unknown>) => {
			const signedIn = await handleDeskCall(store, { body: { action: 'login', login, password: PASSWORD } }, { policy, ratingQuestion: '?', at: NOON });
			const { token } = signedIn.body as { token: string };
			return handleDeskCall(store, { authorization: `Bearer ${token}`, body }, { policy, ratingQuestion: '?', at: NOON });
		};

		for (const action of ['dashboard', 'dashboardCsv']) {
			expect(await call('anna', { action })).toEqual({ status: 403, body: { error: 'Only a supervisor can see the dashboard.' } });
		}
		const live = await call('sveta', { action: 'dashboard' });
		expect(live.status).toBe(200);
		expect(JSON.parse(JSON.stringify(live.body))).toEqual(JSON.parse(JSON.stringify(dashboard)));

		const exported = await call('sveta', { action: 'dashboardCsv', from: '2025-03-12T00:00:00.000Z', to: '2025-03-13T00:00:00.000Z' });
		expect(exported.file).toMatchObject({ name: 'dashboard-2025-03-12-2025-03-13.csv', contentType: 'text/csv; charset=utf-8' });
		const lines = exported.file!.content.trimEnd().split('\r\n');
		expect(lines[0]).toBe('section,item,measure,value');
		expect(lines).toEqual(expect.arrayContaining([
			'period,all,conversations,12',
			'period,all,answeredWithin5MinShare,0.4',
			'channel,telegram,conversations,8',
			`topic,'=1+2 <script>alert(1)</script> & co,conversations,1`,
			'group,Tech,longestWaitSeconds,3600',
			`waiting,${ids.fresh},customer,"'=HYPERLINK(""http://evil.example"",""click"")"`,
			`sla,${ids.overdue},sla,overdue`,
			'operator,Anna <b>&</b>,load,1',
		]));
		// No line of the export starts a cell with a formula character.
		for (const l of lines) expect(l.split(',').every((cell) => !/^"?[=+\-@]/.test(cell))).toBe(true);
		expect(exported.body).toEqual({ rows: lines.length - 1 });
	});

	it('draws today’s topics and channels from the weekly report’s own chart specs, for supervisors only', async () => {
		const charts = await dashboardCharts(store.db, sveta, dashboardPeriod(NOON), NOON);
		const topicsReportCharts = reportCharts(await topicsReport(store.db, dashboardPeriod(NOON)), 'en');
		expect(charts.map((c) => c.name)).toEqual(['topics', 'channels']);
		// Vega numbers its clip paths across drawings; everything else is the same picture.
		const sameDrawing = (svg: string) => svg.replace(/clip\d+/g, 'clip');
		for (const chart of charts) {
			const svg = Buffer.from(chart.src.replace('data:image/svg+xml;base64,', ''), 'base64').toString('utf8');
			expect(sameDrawing(svg)).toBe(sameDrawing(await renderSvg(topicsReportCharts.find((c) => c.name === chart.name)!.spec)));
		}
		const channels = Buffer.from(charts[1].src.split(',')[1], 'base64').toString('utf8');
		for (const { label } of dashboard.period.byChannel) expect(channels).toContain(label);
		await expect(dashboardCharts(store.db, anna, dashboardPeriod(NOON), NOON)).rejects.toMatchObject({ status: 403 });
	});

	it('refuses a period longer than a year or ending before it starts, saying why', async () => {
		expect(() => dashboardPeriod(NOON, '2025-03-12T00:00:00Z', '2025-03-11T00:00:00Z')).toThrow('The report period must start before it ends.');
		expect(() => dashboardPeriod(NOON, '2023-01-01T00:00:00Z', '2025-01-01T00:00:00Z')).toThrow('at most 366 days');
		expect(() => dashboardPeriod(NOON, '2025-03-12T00:00:00Z')).toThrow('both a start (from) and an end (to)');
	});

	it('shows a period with no conversations as zeros and empty lists, not an error', async () => {
		const empty = await supervisorDashboard(store.db, sveta, dashboardPeriod(NOON, '2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z'), NOON);
		expect(empty.period).toMatchObject({
			conversations: 0, byChannel: [], byTopic: [], firstResponseMedianSeconds: null,
			answeredWithin5Min: { count: 0, of: 0, share: null }, selfService: { count: 0, share: null }, csat: { ratings: 0, average: null, satisfiedShare: null },
		});
	});

	// Last: it adds a customer to the Tech queue.
	it('gives supervisors polling within two seconds one reading of the floor, and a new one after', async () => {
		const at = (seconds: number) => new Date(NOON.getTime() + seconds * 1000);
		const techQueue = (d: Dashboard) => d.floor.groups.find((g) => g.name === 'Tech')!.queued;
		const today = dashboardPeriod(NOON);
		const first = await supervisorDashboard(store.db, sveta, today, at(10));
		expect(techQueue(first)).toBe(2);
		await tell({ topic: 'tech', channel: 'telegram', opened: `${TODAY}11:59:00.000Z`, handoff: 0, queued: { at: 0, group: 'Tech' }, due: 30 });
		expect(await supervisorDashboard(store.db, sveta, today, at(11.5))).toBe(first);
		const next = await supervisorDashboard(store.db, sveta, today, at(12));
		expect(techQueue(next)).toBe(3);
		expect(next.period.conversations).toBe(first.period.conversations + 1);
	});
});

describe('a CSV cell', () => {
	it.each([
		['=1+1', "'=1+1"],
		['+SUM(A1)', "'+SUM(A1)"],
		['-2', "'-2"],
		['@cmd', "'@cmd"],
		['a,b', '"a,b"'],
		['say "hi"', '"say ""hi"""'],
		['plain', 'plain'],
	])('%s is written as %s', (value, written) => expect(csvCell(value)).toBe(written));
	it('writes numbers and nothing as they are', () => {
		expect([csvCell(-3), csvCell(0.25), csvCell(null)]).toEqual(['-3', '0.25', '']);
	});
});
