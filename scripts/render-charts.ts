/**
 * Draws the charts of a demonstration week for the README: a contact center's week and the week
 * before seeded into a temporary SQLite store (120 conversations against 96, eleven topics, five
 * channels), reported on as the Reports node does, the topics chart written to docs/charts/.
 *
 *   node --experimental-transform-types scripts/render-charts.ts [language] [folder]
 *
 * The seeded figures come from a fixed pseudo-random sequence: the same picture every run.
 */
import './lib/ts-resolve.mjs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { migrate, MIGRATIONS, openSqliteDb } = await import('../nodes/shared/store/index.ts');
const { topicsReport } = await import('../nodes/shared/reports/index.ts');
const { renderPng, renderSvg, reportCharts } = await import('../nodes/shared/charts/index.ts');
const { seedCenter } = await import('../test/unit/reports/week.ts');

const language = (process.argv[2] ?? 'en') as 'en' | 'ru' | 'uk' | 'fr';
const folder = process.argv[3] ?? 'docs/charts';
const WEEK = { from: new Date('2025-03-03T00:00:00Z'), to: new Date('2025-03-10T00:00:00Z') };

/** Conversations per topic this week and the week before. */
const TOPICS: Array<[string, number, number]> = [
	['delivery', 31, 22], ['billing', 24, 25], ['returns', 17, 9], ['login', 12, 14], ['tariffs', 10, 6],
	['card blocked', 8, 7], ['app crash', 7, 1], ['address change', 5, 4], ['loyalty points', 3, 4], ['complaint', 2, 3], ['other question', 1, 1],
];
const CHANNELS = ['telegram', 'telegram', 'telegram', 'whatsapp', 'whatsapp', 'webchat', 'webchat', 'email', 'viber'];

let seed = 7;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);

const dir = mkdtempSync(join(tmpdir(), 'cc-charts-'));
try {
	const db = openSqliteDb(join(dir, 'store.sqlite'));
	await migrate(db, MIGRATIONS);
	const center = await seedCenter(db);
	for (const [topic, thisWeek, weekBefore] of TOPICS) {
		for (const [count, start] of [[thisWeek, WEEK.from], [weekBefore, new Date(WEEK.from.getTime() - 7 * 86_400_000)]] as const) {
			for (let i = 0; i < count; i++) {
				const opened = new Date(start.getTime() + Math.floor(random() * 7 * 86_400_000)).toISOString();
				const channel = CHANNELS[Math.floor(random() * CHANNELS.length)];
				// Two in five settled by the bot alone; the rest handed to a person.
				await center.tell(random() < 0.4 ? { topic, channel, opened, bot: 1 } : { topic, channel, opened, bot: 1, handoff: 1 });
			}
		}
	}
	const [chart] = reportCharts(await topicsReport(db, WEEK), language);
	mkdirSync(folder, { recursive: true });
	const file = join(folder, `${chart.name}${language === 'en' ? '' : `-${language}`}.png`);
	writeFileSync(file, renderPng(await renderSvg(chart.spec)));
	await db.close();
	console.log(file);
} finally {
	rmSync(dir, { recursive: true, force: true });
}
