import { renderSvg, reportCharts } from '../../charts';
import type { Operator } from '../../routing';
import { topicsReport, type Period } from '../../reports';
import type { Db } from '../../store/types';
import { requireSupervisor } from '../access';

export interface DashboardChart {
	name: string;
	title: string;
	/** The SVG as a data URL, for an <img>: the page draws nothing of its own from it. */
	src: string;
}

/** The charts the dashboard shows: drawn from the same specs as the Reports node's, so a figure never differs. */
const SHOWN = ['topics', 'channels'];

/** Charts change slowly; one drawing serves every supervisor asking for the same period this long. */
export const CHARTS_SHARED_FOR_MS = 10_000;

const drawings = new WeakMap<Db, Map<string, { atMs: number; charts: Promise<DashboardChart[]> }>>();

async function draw(db: Db, period: Period): Promise<DashboardChart[]> {
	const charts = reportCharts(await topicsReport(db, period), 'en').filter((c) => SHOWN.includes(c.name));
	return Promise.all(
		charts.map(async (c) => ({ name: c.name, title: c.title, src: `data:image/svg+xml;base64,${Buffer.from(await renderSvg(c.spec)).toString('base64')}` })),
	);
}

/** The period's topics and channels charts for a supervisor, as the weekly report draws them. */
export async function dashboardCharts(db: Db, viewer: Operator, period: Period, at: Date): Promise<DashboardChart[]> {
	requireSupervisor(viewer, 'see the dashboard');
	let byPeriod = drawings.get(db);
	if (!byPeriod) drawings.set(db, (byPeriod = new Map()));
	const key = `${period.from.toISOString()}/${period.to.toISOString()}`;
	const shared = byPeriod.get(key);
	if (shared && at.getTime() - shared.atMs < CHARTS_SHARED_FOR_MS) return shared.charts;
	const drawing = { atMs: at.getTime(), charts: draw(db, period) };
	byPeriod.set(key, drawing);
	drawing.charts.catch(() => byPeriod.get(key) === drawing && byPeriod.delete(key));
	return drawing.charts;
}
