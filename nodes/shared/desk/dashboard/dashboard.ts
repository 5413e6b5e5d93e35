import type { Operator } from '../../routing';
import { periodOf, type Period } from '../../reports';
import type { Db } from '../../store/types';
import { requireSupervisor } from '../access';
import { DeskError } from '../errors';
import { liveFloor, type Floor } from './floor';
import { periodFigures, type PeriodFigures } from './period';
import { sharedReadings } from './shared';

export interface Dashboard {
	floor: Floor;
	period: PeriodFigures;
}

const DAY_MS = 86_400_000;

/**
 * How long one reading of the floor answers every supervisor asking for the same period. The
 * page asks every five seconds; without sharing, each supervisor more would read the store again.
 */
export const SHARED_FOR_MS = 2000;

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

const shared = sharedReadings<Dashboard>(SHARED_FOR_MS);

async function read(db: Db, supervisor: Operator, period: Period, at: Date): Promise<Dashboard> {
	const [floor, figures] = await Promise.all([liveFloor(db, supervisor, at), periodFigures(db, period, at)]);
	return { floor, period: figures };
}

/**
 * The supervisor's dashboard: the floor now and the period's figures. Operators are refused.
 * Supervisors asking within `SHARED_FOR_MS` of one reading (or while it runs) share it.
 */
export async function supervisorDashboard(db: Db, viewer: Operator, period: Period, at: Date): Promise<Dashboard> {
	requireSupervisor(viewer, 'see the dashboard');
	return shared(db, period, at, () => read(db, viewer, period, at));
}
