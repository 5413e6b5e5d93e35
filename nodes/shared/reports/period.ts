/** A report covers [from, to): a conversation opened exactly at `to` belongs to the next report. */
export interface Period {
	from: Date;
	to: Date;
}

export type PeriodKind = 'last7Days' | 'last30Days' | 'custom';

const DAY_MS = 86_400_000;
const MAX_DAYS = 366;
const DAYS: Record<Exclude<PeriodKind, 'custom'>, number> = { last7Days: 7, last30Days: 30 };

/**
 * The period a report covers. Relative periods end at `end` (the schedule's run time), so that a
 * report run late or re-run covers the same days as the run it stands for.
 */
export function periodOf(kind: PeriodKind, end: Date, custom?: { from: Date; to: Date }): Period {
	const period = kind === 'custom' ? custom : { from: new Date(end.getTime() - DAYS[kind] * DAY_MS), to: end };
	if (!period || Number.isNaN(period.from.getTime()) || Number.isNaN(period.to.getTime())) {
		throw new Error('The report period needs a valid start and end.');
	}
	if (period.from.getTime() >= period.to.getTime()) throw new Error('The report period must start before it ends.');
	// Longer periods are not what these reports are for, and would read the whole store at once.
	if (period.to.getTime() - period.from.getTime() > MAX_DAYS * DAY_MS) {
		throw new Error(`The report period can be at most ${MAX_DAYS} days long: split a longer one.`);
	}
	return period;
}

/** The period of equal length just before, for "against last week". */
export function previousOf(period: Period): Period {
	return { from: new Date(2 * period.from.getTime() - period.to.getTime()), to: period.from };
}

/** The bounds as both stores compare them: ISO-8601 in UTC (SQLite's text sorts as time, PostgreSQL casts). */
export const isoBounds = (period: Period): [string, string] => [period.from.toISOString(), period.to.toISOString()];

export const periodJson = (period: Period): { from: string; to: string } => ({
	from: period.from.toISOString(),
	to: period.to.toISOString(),
});
