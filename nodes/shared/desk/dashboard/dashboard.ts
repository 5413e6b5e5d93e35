import type { Operator } from '../../routing';
import { periodOf, type Period } from '../../reports';
import type { Db } from '../../store/types';
import { requireSupervisor } from '../access';
import { DeskError } from '../errors';
import { liveFloor, type Floor } from './floor';
import { periodFigures, type PeriodFigures } from './period';

export interface Dashboard {
	floor: Floor;
	period: PeriodFigures;
}

const DAY_MS = 86_400_000;

/**
 * The period the figures cover: the one asked for (checked as the reports check theirs), or the
 * UTC day of `at`. The page asks for the supervisor's own local day.
 */
export function dashboardPeriod(at: Date, from?: string, to?: string): Period {
	if (from === undefined && to === undefined) {
		const start = Math.floor(at.getTime() / DAY_MS) * DAY_MS;
		return { from: new Date(start), to: new Date(start + DAY_MS) };
	}
	if (from === undefined || to === undefined) throw new DeskError(400, 'Give the period both a start (from) and an end (to).');
	try {
		return periodOf('custom', at, { from: new Date(from), to: new Date(to) });
	} catch (error) {
		throw new DeskError(400, (error as Error).message);
	}
}

/** The supervisor's dashboard: the floor now and the period's figures. Operators are refused. */
export async function supervisorDashboard(db: Db, viewer: Operator, period: Period, at: Date): Promise<Dashboard> {
	requireSupervisor(viewer, 'see the dashboard');
	const [floor, figures] = await Promise.all([liveFloor(db, viewer, at), periodFigures(db, period, at)]);
	return { floor, period: figures };
}
