/** The weekly reports template, run by n8n's engine from its Monday-morning schedule over a seeded week. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { closeAllStores } from '../../nodes/shared/store';
import { runWorkflow, type WorkflowJson } from '../harness/engine';
import { migratedDb, sqliteBackend } from '../harness/backends';
import { seedCenter, STORIES } from '../unit/reports/week';

const template = JSON.parse(readFileSync(join(__dirname, '../../workflows/weekly-reports.json'), 'utf8')) as WorkflowJson;

describe('the weekly reports template', () => {
	let sqliteFile: string;
	let drop: () => Promise<void>;
	beforeAll(async () => {
		const seeded = await migratedDb(sqliteBackend);
		const center = await seedCenter(seeded.db);
		for (const story of STORIES) await center.tell(story);
		await seeded.db.close();
		sqliteFile = (seeded.config as { file: string }).file;
		drop = seeded.drop;
	});
	afterAll(async () => {
		await closeAllStores();
		await drop();
	});

	const monday = () =>
		runWorkflow(template, {
			credentials: { contactCenterStoreApi: { backend: 'sqlite', sqliteFile } },
			triggerItems: [{ json: { timestamp: '2025-03-10T08:00:00.000+00:00', 'Day of week': 'Monday', Timezone: 'UTC' } }],
		});

	it('on Monday at 08:00 hands the team three plain-text reports of the seven days before', async () => {
		const run = await monday();
		expect(run.error).toBeUndefined();
		const sent = run.outputOf('All Reports');
		expect(sent.map((item) => [item.kind, item.report])).toEqual([
			['summary', 'topics'],
			['summary', 'operators'],
			['summary', 'sla'],
		]);
		const [topics, operators, sla] = sent;
		expect(topics.period).toEqual({ from: '2025-03-03T08:00:00.000Z', to: '2025-03-10T08:00:00.000Z' });
		expect(topics).toMatchObject({ summary: { conversations: 11, previous: 4, botOnly: 3 } });
		expect(topics.text).toMatch(/^Topics, 2025-03-03 08:00 – 2025-03-10 08:00 UTC\nAll conversations: 11 \(\+7, \+175% on the previous period\)/);
		expect((operators.rows as Array<{ name: string }>).map((r) => r.name)).toEqual(['Anna', 'Boris']);
		expect(operators.text).toContain('- Boris: 3 handled');
		// Sunday night's tech question went past its deadline before Monday 08:00.
		expect(sla).toMatchObject({ summary: { met: 3, missed: 4, pending: 0 } });
		expect(sla.text).toContain('7 handed to people: on time 3 of 7 (43%)');
	});

	it('sends the charts as PNG photos, one per item, each a real PNG of a sensible size', async () => {
		const run = await monday();
		expect(run.error).toBeUndefined();
		// The send nodes wait, disabled, for the team's credentials: the photos are the items that reach them.
		const photos = run.itemsOf('One Chart per Photo');
		const names = photos.map((item) => Object.keys(item.binary ?? {}));
		expect(names).toEqual([
			['chart_topics'], ['chart_channels'], ['chart_weeks'],
			['chart_operators_handled'], ['chart_operators_response'],
			['chart_sla'], ['chart_response_times'],
		]);
		for (const item of photos) {
			const [name, data] = Object.entries(item.binary!)[0];
			expect(data).toMatchObject({ mimeType: 'image/png', fileName: `${name.slice('chart_'.length)}-2025-03-03.png` });
			const png = Buffer.from(data.data, 'base64');
			expect(png.subarray(0, 8)).toEqual(Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'));
			expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
			const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
			expect(width).toBe(1200);
			expect(height).toBeGreaterThan(300);
			expect(height).toBeLessThan(2000);
			expect(png.length).toBeGreaterThan(15_000);
		}
	});

	it('draws the same charts as SVG with their English titles when the report nodes attach PNG and SVG', async () => {
		const withSvg = {
			...template,
			nodes: template.nodes.map((n) => (n.type.endsWith('contactCenterReports') ? { ...n, parameters: { ...n.parameters, charts: 'pngAndSvg' } } : n)),
		};
		const run = await runWorkflow(withSvg, {
			credentials: { contactCenterStoreApi: { backend: 'sqlite', sqliteFile } },
			triggerItems: [{ json: { timestamp: '2025-03-10T08:00:00.000+00:00' } }],
		});
		expect(run.error).toBeUndefined();
		const svgs = Object.fromEntries(
			run
				.itemsOf('All Reports')
				.flatMap((item) => Object.entries(item.binary ?? {}))
				.filter(([name]) => name.endsWith('_svg'))
				.map(([name, data]) => [name, Buffer.from(data.data, 'base64').toString('utf8')]),
		);
		const titles: Record<string, string> = {
			chart_topics_svg: 'Topics: this period and the one before',
			chart_channels_svg: 'Conversations by channel',
			chart_operators_handled_svg: 'Conversations handled per operator',
			chart_sla_svg: 'First answers within the SLA, per line',
		};
		expect(Object.keys(svgs)).toHaveLength(7);
		for (const [name, title] of Object.entries(titles)) {
			expect(svgs[name]).toMatch(/^<svg/);
			expect(svgs[name]).toContain(`>${title}</text>`);
		}
		expect(svgs.chart_operators_handled_svg).toContain('>Boris</text>');
	});
});
