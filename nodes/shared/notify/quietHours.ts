import type { QuietHours } from './types';

const minutesOf = (hhmm: string): number => {
	const match = /^(\d{1,2}):(\d{2})$/.exec(hhmm.trim());
	if (!match || Number(match[1]) > 24 || Number(match[2]) > 59) throw new Error(`"${hhmm}" is not a time of day like 21:00`);
	return (Number(match[1]) * 60 + Number(match[2])) % 1440;
};

export interface WallClock {
	year: number;
	/** 1–12. */
	month: number;
	day: number;
	hour: number;
	minute: number;
}

/** The date and time on the wall clocks of a time zone; an unknown zone is an error, not a silent UTC. */
export function wallClock(at: Date, timeZone: string): WallClock {
	const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
	const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute') };
}

/**
 * The moment the wall clocks of `timeZone` show `local` (fields out of range roll over: day 32,
 * hour 24). A time a daylight-saving jump skips or repeats comes out within that jump's hour.
 */
export function atWallClock(local: WallClock, timeZone: string): Date {
	const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
	const offsetAt = (t: number) => {
		const shown = wallClock(new Date(t), timeZone);
		return Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute) - Math.floor(t / 60_000) * 60_000;
	};
	// The zone's offset at a first guess, then at the moment that guess gives, for a jump between the two.
	const guess = asUtc - offsetAt(asUtc);
	return new Date(asUtc - offsetAt(guess));
}

const localMinute = (at: Date, timeZone: string): number => {
	const { hour, minute } = wallClock(at, timeZone);
	return hour * 60 + minute;
};

/**
 * When a message may go out to someone in `timeZone`: `at` itself outside quiet hours, else the
 * end of the quiet time (to the minute). Works through minutes, not dates, so a daylight-saving
 * jump moves the answer by at most that hour.
 */
export function nextAllowed(at: Date, timeZone: string, quiet: Pick<QuietHours, 'start' | 'end'>): Date {
	const start = minutesOf(quiet.start);
	const end = minutesOf(quiet.end);
	if (start === end) return at;
	const now = localMinute(at, timeZone);
	const inside = start < end ? now >= start && now < end : now >= start || now < end;
	if (!inside) return at;
	const wait = (end - now + 1440) % 1440;
	const next = new Date(at.getTime() + wait * 60_000);
	next.setUTCSeconds(0, 0);
	return next;
}

export function isTimeOfDay(hhmm: string): boolean {
	try {
		minutesOf(hhmm);
		return true;
	} catch {
		return false;
	}
}

export function isTimeZone(zone: string): boolean {
	try {
		new Intl.DateTimeFormat('en', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}
