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

	it('on Monday at 08:00 hands the team three plain-text reports of the seven days before', async () => {
		const run = await runWorkflow(template, {
			credentials: { contactCenterStoreApi: { backend: 'sqlite', sqliteFile } },
			triggerItems: [{ json: { timestamp: '2025-03-10T08:00:00.000+00:00', 'Day of week': 'Monday', Timezone: 'UTC' } }],
		});
		expect(run.error).toBeUndefined();
		const sent = run.outputOf('Send to the Team');
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
});
