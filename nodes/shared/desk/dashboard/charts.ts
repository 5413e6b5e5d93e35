import { renderSvg, reportCharts } from '../../charts';
import type { Operator } from '../../routing';
import { topicsReport, type Period } from '../../reports';
import type { Db } from '../../store/types';
import { requireSupervisor } from '../access';
import { sharedReadings } from './shared';

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

const shared = sharedReadings<DashboardChart[]>(CHARTS_SHARED_FOR_MS);

async function draw(db: Db, period: Period): Promise<DashboardChart[]> {
	const charts = reportCharts(await topicsReport(db, period), 'en').filter((c) => SHOWN.includes(c.name));
	return Promise.all(
		charts.map(async (c) => ({ name: c.name, title: c.title, src: `data:image/svg+xml;base64,${Buffer.from(await renderSvg(c.spec)).toString('base64')}` })),
	);
}

/** The period's topics and channels charts for a supervisor, as the weekly report draws them. */
export async function dashboardCharts(db: Db, viewer: Operator, period: Period, at: Date): Promise<DashboardChart[]> {
	requireSupervisor(viewer, 'see the dashboard');
	return shared(db, period, at, () => draw(db, period));
}
