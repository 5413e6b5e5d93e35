/**
 * The charts of the weekly reports, drawn from the seeded week of test/unit/reports/week.ts: what
 * each chart draws is the report's own figures, its words are in the node's language, and names
 * with markup stay text.
 */
import { operatorReport, slaReport, topicsReport, type OperatorReport, type SlaReport, type TopicsReport } from '../../../nodes/shared/reports';
import { CHART_LANGUAGES, renderPng, renderSvg, reportCharts, WORDS, type Chart } from '../../../nodes/shared/charts';
import { routerOn } from '../../../nodes/shared/routing';
import type { Db } from '../../../nodes/shared/store';
import { BACKENDS, migratedDb } from '../../harness/backends';
import { seedCenter, STORIES, WEEK, type Seeded, type Story } from '../reports/week';

const en = WORDS.en;
const NOW = { now: new Date('2025-04-01T00:00:00Z') };
const byName = (charts: Chart[]) => Object.fromEntries(charts.map((c) => [c.name, c]));
/** The text of every <text> element of an SVG as written (entities left escaped), its lines joined by spaces. */
const texts = (svg: string) =>
	[...svg.matchAll(/<text[^>]*>(.*?)<\/text>/g)].map((m) => m[1].replace(/<\/tspan><tspan[^>]*>/g, ' ').replace(/<\/?tspan[^>]*>/g, ''));

describe.each(BACKENDS)('charts of the weekly reports on %s', (_name, open) => {
	let db: Db;
	let drop: () => Promise<void>;
	let center: Seeded;
	let topics: TopicsReport;
	let operators: OperatorReport;
	let sla: SlaReport;
	beforeAll(async () => {
		({ db, drop } = await migratedDb(open));
		center = await seedCenter(db);
		for (const story of STORIES) await center.tell(story);
		[topics, operators, sla] = await Promise.all([topicsReport(db, WEEK), operatorReport(db, WEEK), slaReport(db, WEEK, NOW)]);
	});
	afterAll(async () => {
		await db.close();
		await drop();
	});

	it('draws each topic of the week beside the week before, in the report’s order, the unclassified ones named so', () => {
		const chart = byName(reportCharts(topics, 'en')).topics;
		const expected = topics.rows.flatMap((r) => [
			{ topic: r.topic === 'unclassified' ? en.unclassified : r.topic, period: en.thisPeriod, conversations: r.conversations },
			{ topic: r.topic === 'unclassified' ? en.unclassified : r.topic, period: en.previousPeriod, conversations: r.previous },
		]);
		expect(chart.rows).toEqual(expected);
		// Known by construction: four delivery questions this week against one, returns gone.
		expect(chart.rows.slice(0, 2)).toEqual([
			{ topic: 'delivery', period: 'this period', conversations: 4 },
			{ topic: 'delivery', period: 'period before', conversations: 1 },
		]);
		expect(chart.rows.filter((r) => r.topic === 'returns').map((r) => r.conversations)).toEqual([0, 1]);
	});

	it('draws the conversations per channel as the report counts them', () => {
		const chart = byName(reportCharts(topics, 'en')).channels;
		expect(chart.rows).toEqual(Object.entries(topics.summary.byChannel).map(([channel, conversations]) => ({ channel, conversations })));
		expect(chart.rows[0]).toEqual({ channel: 'telegram', conversations: 6 });
	});

	it('draws each operator’s handled conversations and first-response median against the team’s', () => {
		const { operators_handled: handled, operators_response: response } = byName(reportCharts(operators, 'en'));
		expect(handled.rows).toEqual(operators.rows.map((r) => ({ operator: r.name, handled: r.handled })));
		expect(handled.reference).toBe(operators.team.perOperator.handled);
		expect(response.rows).toEqual(operators.rows.map((r) => ({ operator: r.name, minutes: r.firstResponseMedianSeconds! / 60 })));
		expect(response.reference).toBe(operators.team.firstResponseMedianSeconds! / 60);
		// Anna's median is 3 minutes, Boris's 20, the team's 7.5.
		expect(response.rows.map((r) => r.minutes)).toEqual([3, 20]);
		expect(response.reference).toBe(7.5);
	});

	it('draws first answers met and missed per line, and the first-response buckets of the SLA report', () => {
		const { sla: perLine, response_times: times } = byName(reportCharts(sla, 'en'));
		expect(perLine.rows).toEqual(
			sla.summary.byLine.flatMap((l) => [
				{ line: `line ${l.line}`, status: en.met, count: l.met },
				{ line: `line ${l.line}`, status: en.missed, count: l.missed },
			]),
		);
		expect(times.rows.map((r) => r.count)).toEqual(sla.distribution.map((b) => b.count));
		expect(times.rows.map((r) => r.bucket)).toEqual(['< 1 min', '1–5 min', '5–15 min', '15–60 min', '1–4 h', '≥ 4 h']);
		expect(times.rows.filter((r) => r.inTime).map((r) => r.bucket)).toEqual(['< 1 min', '1–5 min']);
	});

	it('draws the self-service rate and the unsure share of each week of the topics report', async () => {
		const report = await topicsReport(db, WEEK, { unsureBelow: 1.01 });
		const chart = byName(reportCharts(report, 'en')).weeks;
		expect(chart.rows).toEqual(
			report.weeks.flatMap((w) => [
				{ week: new Date(w.from).toLocaleDateString('en', { day: 'numeric', month: 'short', timeZone: 'UTC' }), measure: en.selfService, share: w.selfServiceRate },
				{ week: new Date(w.from).toLocaleDateString('en', { day: 'numeric', month: 'short', timeZone: 'UTC' }), measure: en.unsure, share: w.unsureShare },
			]),
		);
		expect(chart.rows.map((r) => r.week)).toEqual(['Feb 24', 'Feb 24', 'Mar 3', 'Mar 3']);
	});

	it('writes every chart’s title and the period under it into its SVG, with the figures as labels', async () => {
		for (const chart of [...reportCharts(topics, 'en'), ...reportCharts(operators, 'en'), ...reportCharts(sla, 'en')]) {
			const svg = await renderSvg(chart.spec);
			expect(svg.startsWith('<svg')).toBe(true);
			expect(texts(svg)).toEqual(expect.arrayContaining([chart.title, expect.stringMatching(/^Mar 3\s–\s9, 2025( |$)/)]));
		}
		const channels = await renderSvg(byName(reportCharts(topics, 'en')).channels.spec);
		expect(texts(channels)).toEqual(expect.arrayContaining(['telegram', 'webchat', '6']));
	});

	it('writes the titles in the node’s language: English, Russian, Ukrainian, French', async () => {
		const seen: string[] = [];
		for (const language of CHART_LANGUAGES) {
			const [chart] = reportCharts(topics, language);
			const svg = await renderSvg(chart.spec);
			expect(texts(svg)).toEqual(expect.arrayContaining([WORDS[language].topics, WORDS[language].thisPeriod]));
			seen.push(chart.title);
		}
		expect(seen).toEqual(['Topics: this period and the one before', 'Темы: этот период и предыдущий', 'Теми: цей період і попередній', 'Sujets : cette période et la précédente']);
		expect(byName(reportCharts(topics, 'ru')).topics.spec.title).toMatchObject({ subtitle: [expect.stringMatching(/^3–9 мар\. 2025\sг\.$/)] });
	});

	it('sums the topics past the top eight into one “other” bar', async () => {
		const april = { from: new Date('2025-04-07T00:00:00Z'), to: new Date('2025-04-14T00:00:00Z') };
		// Twelve topics: "t1" with 12 conversations down to "t12" with one.
		for (let t = 1; t <= 12; t++) {
			for (let n = 0; n < 13 - t; n++) {
				await center.tell({ topic: `t${t}`, channel: 'telegram', opened: `2025-04-0${7 + (n % 3)}T${String(10 + t).padStart(2, '0')}:00:00.000Z`, bot: 1 });
			}
		}
		const report = await topicsReport(db, april);
		const chart = byName(reportCharts(report, 'en')).topics;
		const current = chart.rows.filter((r) => r.period === en.thisPeriod);
		expect(current.map((r) => r.topic)).toEqual(['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 'other']);
		expect(current.at(-1)!.conversations).toBe(report.rows.slice(8).reduce((sum, r) => sum + r.conversations, 0));
		expect(current.at(-1)!.conversations).toBe(4 + 3 + 2 + 1);
	});

	it('shows a topic and an operator named with markup as text in the SVG', async () => {
		const may = { from: new Date('2025-05-05T00:00:00Z'), to: new Date('2025-05-12T00:00:00Z') };
		const eve = await routerOn(db).operators.create({ name: 'Eve <script>&', login: 'eve', skills: [] });
		center.operators.eve = eve.id;
		const story: Story = {
			topic: '<script>&co', channel: 'telegram', opened: '2025-05-06T10:00:00.000Z', handoff: 0,
			queued: { at: 0, group: 'Billing' }, operator: { login: 'eve', assigned: 0, replies: [2] }, due: 5,
		};
		await center.tell(story);
		const charts = [...reportCharts(await topicsReport(db, may), 'en'), ...reportCharts(await operatorReport(db, may), 'en')];
		const svgs = await Promise.all(charts.map((c) => renderSvg(c.spec)));
		const all = svgs.join('\n');
		expect(all).not.toMatch(/<script|<co|& /);
		expect(texts(svgs[0])).toContain('&lt;script&gt;&amp;co');
		expect(texts(svgs[3])).toContain('Eve &lt;script&gt;&amp;');
	});

	it('draws a period without conversations as charts saying so, in every language', async () => {
		const january = { from: new Date('2025-01-06T00:00:00Z'), to: new Date('2025-01-13T00:00:00Z') };
		const reports = await Promise.all([topicsReport(db, january), operatorReport(db, january), slaReport(db, january, NOW)]);
		for (const language of CHART_LANGUAGES) {
			const charts = reports.flatMap((r) => reportCharts(r, language));
			expect(charts.map((c) => c.name)).toEqual(['topics', 'channels', 'weeks', 'operators_handled', 'operators_response', 'sla', 'response_times']);
			for (const chart of charts) {
				expect(chart.rows).toEqual([]);
				expect(texts(await renderSvg(chart.spec))).toEqual(expect.arrayContaining([chart.title, WORDS[language].empty]));
			}
		}
	});

	it('draws the PNG twice the SVG’s size, its text in a real font', async () => {
		const svg = await renderSvg(byName(reportCharts(topics, 'ru')).topics.spec);
		const png = renderPng(svg);
		expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
		const width = Number(svg.match(/<svg[^>]* width="(\d+)"/)![1]);
		expect(width).toBe(600);
		expect(png.readUInt32BE(16)).toBe(2 * width);
		// Without its words the picture is different: the font drew them.
		const wordless = renderPng(svg.replace(/<text[^>]*>[^<]*<\/text>/g, ''));
		expect(wordless.length).toBeLessThan(png.length * 0.8);
	});
});
