import { operatorReport, operatorText, periodOf, slaReport, slaText, topicsReport, topicsText } from '../../../nodes/shared/reports';
import type { Db } from '../../../nodes/shared/store';
import { BACKENDS, migratedDb } from '../../harness/backends';
import { seedCenter, STORIES, WEEK, type Seeded } from './week';

describe('the period a report covers', () => {
	it('ends “last 7 days” at the run time and starts a week earlier', () => {
		const end = new Date('2025-03-10T08:00:00Z');
		expect(periodOf('last7Days', end)).toEqual({ from: new Date('2025-03-03T08:00:00Z'), to: end });
		expect(periodOf('last30Days', end).from).toEqual(new Date('2025-02-08T08:00:00Z'));
	});

	it('refuses a custom period that ends before it starts', () => {
		expect(() => periodOf('custom', new Date(), { from: WEEK.to, to: WEEK.from })).toThrow('must start before it ends');
		expect(() => periodOf('custom', new Date(), { from: new Date('soon'), to: WEEK.to })).toThrow('valid start and end');
	});

	it('refuses a period longer than a year, and takes a whole leap year', () => {
		const from = new Date('2024-01-01T00:00:00Z');
		expect(periodOf('custom', new Date(), { from, to: new Date('2025-01-01T00:00:00Z') }).from).toEqual(from);
		expect(() => periodOf('custom', new Date(), { from, to: new Date('2025-01-02T00:00:01Z') })).toThrow('at most 366 days');
	});
});

describe.each(BACKENDS)('weekly reports of a contact center on %s', (_name, open) => {
	let db: Db;
	let drop: () => Promise<void>;
	let center: Seeded;
	beforeAll(async () => {
		({ db, drop } = await migratedDb(open));
		center = await seedCenter(db);
		for (const story of STORIES) await center.tell(story);
	});
	afterAll(async () => {
		await db.close();
		await drop();
	});

	it('counts the week’s conversations per topic and channel against the week before, with tags and what the bot settled alone', async () => {
		const report = await topicsReport(db, WEEK);
		expect(report.previousPeriod).toEqual({ from: '2025-02-24T00:00:00.000Z', to: '2025-03-03T00:00:00.000Z' });
		expect(report.summary).toEqual({
			conversations: 11,
			previous: 4,
			change: 7,
			changeRatio: 1.75,
			byChannel: { telegram: 6, webchat: 2, email: 1, viber: 1, whatsapp: 1 },
			botOnly: 3,
			handedOff: 7,
			selfServiceRate: 0.27,
			topTags: [{ tag: 'refund', count: 2 }, { tag: 'tracking', count: 2 }, { tag: 'bug', count: 1 }, { tag: 'late', count: 1 }],
			topics: 4,
		});
		expect(report.rows.map((r) => [r.topic, r.conversations, r.share, r.previous, r.change, r.changeRatio])).toEqual([
			['delivery', 4, 0.3636, 1, 3, 3],
			['billing', 3, 0.2727, 2, 1, 0.5],
			['tech', 3, 0.2727, 0, 3, null],
			['unclassified', 1, 0.0909, 0, 1, null],
			// Gone this week: kept at zero so that the drop shows.
			['returns', 0, 0, 1, -1, -1],
		]);
		const delivery = report.rows[0];
		expect(delivery).toMatchObject({
			byChannel: { telegram: 2, viber: 1, webchat: 1 },
			botOnly: 3,
			handedOff: 1,
			selfServiceRate: 0.75,
			topTags: [{ tag: 'tracking', count: 2 }, { tag: 'late', count: 1 }],
		});
		// Nobody answered it, not even the bot: neither self-service nor handed off.
		expect(report.rows[3]).toMatchObject({ botOnly: 0, handedOff: 0, selfServiceRate: 0 });
	});

	it('sets each operator’s week beside the team’s: Anna answers faster and is rated better than Boris', async () => {
		const { anna, boris } = center.operators;
		const report = await operatorReport(db, WEEK);
		expect(report.team).toEqual({
			operators: 2,
			// Sunday night's conversation counts here: Anna answered it on Monday.
			handled: 6,
			closed: 5,
			replies: 10,
			firstResponses: 6,
			firstResponseMedianSeconds: 450,
			firstResponseP90Seconds: 1500,
			ratingAverage: 3.5,
			ratings: 4,
			perOperator: { handled: 3, closed: 2.5, replies: 5 },
		});
		expect(report.rows).toEqual([
			{
				operatorId: anna, name: 'Anna', login: 'anna',
				handled: 3, closed: 3, replies: 6, firstResponses: 3,
				firstResponseMedianSeconds: 180, firstResponseP90Seconds: 276, ratingAverage: 4.5, ratings: 2,
				vsTeam: { handled: 1, closed: 1.2, replies: 1.2, firstResponseMedian: 0.4, rating: 1.29 },
			},
			{
				operatorId: boris, name: 'Boris', login: 'boris',
				handled: 3, closed: 2, replies: 4, firstResponses: 3,
				firstResponseMedianSeconds: 1200, firstResponseP90Seconds: 1680, ratingAverage: 2.5, ratings: 2,
				vsTeam: { handled: 1, closed: 0.8, replies: 0.8, firstResponseMedian: 2.67, rating: 0.71 },
			},
		]);
	});

	it('counts first answers that met their deadline, overall, per line and per group, and the escalations', async () => {
		const report = await slaReport(db, WEEK, { now: new Date('2025-04-01T00:00:00Z') });
		expect(report.judgedAt).toBe('2025-03-10T00:00:00.000Z');
		const line1 = { conversations: 6, answered: 4, met: 3, missed: 2, pending: 1, noTarget: 0, metShare: 0.6, firstResponseMedianSeconds: 390, firstResponseP90Seconds: 1020, escalated: 0 };
		const experts = { conversations: 1, answered: 1, met: 0, missed: 1, pending: 0, noTarget: 0, metShare: 0, firstResponseMedianSeconds: 1800, firstResponseP90Seconds: 1800, escalated: 1 };
		expect(report.summary).toEqual({
			conversations: 7,
			answered: 5,
			met: 3,
			// Boris's late answers and the tech question nobody took; Sunday's late one is still pending.
			missed: 3,
			pending: 1,
			noTarget: 0,
			metShare: 0.5,
			firstResponseMedianSeconds: 600,
			firstResponseP90Seconds: 1560,
			escalated: 1,
			byLine: [{ line: 1, ...line1 }, { line: 2, ...experts }],
		});
		expect(report.rows).toEqual([
			{ group: 'Billing', line: 1, conversations: 4, answered: 4, met: 3, missed: 1, pending: 0, noTarget: 0, metShare: 0.75, firstResponseMedianSeconds: 390, firstResponseP90Seconds: 1020, escalated: 0 },
			{ group: 'Tech', line: 1, conversations: 2, answered: 0, met: 0, missed: 1, pending: 1, noTarget: 0, metShare: 0, firstResponseMedianSeconds: null, firstResponseP90Seconds: null, escalated: 0 },
			{ group: 'Experts', line: 2, ...experts },
		]);
	});

	it('judges a conversation still unanswered at the time of the report, not at the end of a period still running', async () => {
		const report = await slaReport(db, WEEK, { now: new Date('2025-03-08T10:05:00Z') });
		// At 10:05 on Saturday the tech question's deadline (10:10) had not passed yet.
		expect(report.rows.find((r) => r.group === 'Tech')).toMatchObject({ missed: 0, pending: 2 });
	});

	it('gives a conversation the Prioritizer never saw the default target, when one is set', async () => {
		const nextWeek = { from: WEEK.to, to: new Date('2025-03-17T00:00:00Z') };
		await center.tell({
			topic: 'billing', channel: 'email', opened: '2025-03-11T09:00:00.000Z',
			queued: { at: 0, group: 'Billing' }, operator: { login: 'anna', assigned: 0, replies: [4] },
		});
		expect((await slaReport(db, nextWeek)).summary).toMatchObject({ conversations: 1, noTarget: 1, met: 0, metShare: null });
		expect((await slaReport(db, nextWeek, { defaultTargetMinutes: 5 })).summary).toMatchObject({ noTarget: 0, met: 1, metShare: 1 });
		expect((await slaReport(db, nextWeek, { defaultTargetMinutes: 3 })).summary).toMatchObject({ met: 0, missed: 1, metShare: 0 });
	});

	it('writes the reports as plain text for a mail or a team chat', async () => {
		const topics = topicsText(await topicsReport(db, WEEK));
		expect(topics.split('\n').slice(0, 3)).toEqual([
			'Topics, 2025-03-03 00:00 – 2025-03-10 00:00 UTC',
			'All conversations: 11 (+7, +175% on the previous period); bot alone 3 (27%), to people 7; tags: refund 2, tracking 2, bug 1, late 1',
			'By channel: telegram 6, webchat 2, email 1, viber 1, whatsapp 1',
		]);
		expect(topics).toContain('- returns: 0% of all, 0 (-1, -100% on the previous period)');
		const operators = operatorText(await operatorReport(db, WEEK));
		expect(operators).toContain(
			'- Anna: 3 handled (1× team average), 3 closed, 6 replies (1.2×), first response median 3m (p90 4m 36s), rating 4.5 (2); response 0.4× team, rating 1.29× team',
		);
		const sla = slaText(await slaReport(db, WEEK, { now: new Date('2025-04-01T00:00:00Z') }));
		expect(sla).toContain('7 handed to people: on time 3 of 6 (50%), 1 pending, 0 without target; first response median 10m, p90 26m; escalated 1');
		for (const text of [topics, operators, sla]) expect(text).not.toMatch(/[<>]|Customer \d/);
	});

	it('buckets the week’s first answers by how long they took: two in 1–5 minutes, one in 5–15, two in 15–60', async () => {
		const report = await slaReport(db, WEEK, { now: new Date('2025-04-01T00:00:00Z') });
		expect(report.distribution.map((b) => [b.fromSeconds, b.toSeconds, b.count])).toEqual([
			[0, 60, 0],
			[60, 300, 2],
			[300, 900, 1],
			[900, 3600, 2],
			[3600, 14_400, 0],
			[14_400, null, 0],
		]);
		expect(report.distribution.reduce((n, b) => n + b.count, 0)).toBe(report.summary.answered);
	});

	it('follows the bot’s self-service rate and the classifier’s unsure share week by week, from the week before', async () => {
		const [sure, unsure] = await db.query("SELECT id FROM conversations WHERE topic = 'tech' ORDER BY created_at LIMIT 2");
		await db.query("UPDATE conversations SET topic_source = 'classifier', topic_confidence = 0.9 WHERE id = ?", [sure.id]);
		await db.query("UPDATE conversations SET topic_source = 'classifier', topic_confidence = 0.3 WHERE id = ?", [unsure.id]);
		const report = await topicsReport(db, WEEK, { unsureBelow: 0.5 });
		expect(report.weeks).toEqual([
			{ from: '2025-02-24T00:00:00.000Z', conversations: 4, botOnly: 2, selfServiceRate: 0.5, unsure: 0, unsureShare: 0 },
			{ from: '2025-03-03T00:00:00.000Z', conversations: 11, botOnly: 3, selfServiceRate: 0.2727, unsure: 1, unsureShare: 0.0909 },
		]);
		expect((await topicsReport(db, WEEK, { unsureBelow: 0.95 })).weeks[1].unsure).toBe(2);
	});
});
