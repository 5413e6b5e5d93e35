import { z } from 'zod';

/*
 * Platform times, checked at the edge. A time outside what a Date holds (or any plausible
 * delivery: before 2000 or past 2100) would throw a RangeError when the envelope is made; such a
 * payload is malformed and is refused with its field named, never answered with a 500.
 */
const FIRST = Date.UTC(2000, 0, 1);
const LAST = Date.UTC(2100, 0, 1);
const RANGE = 'must be a time between 2000 and 2100';

/** Whether a time a sender wrote (a mail's Date header) is one a delivery can have. */
export const isPlausibleTime = (date: Date): boolean => date.getTime() >= FIRST && date.getTime() <= LAST;

export const unixMillis = z.number().int().min(FIRST, RANGE).max(LAST, RANGE);
export const unixSeconds = z.number().int().min(FIRST / 1000, RANGE).max(LAST / 1000, RANGE);
/** Unix seconds written as a string of digits (WhatsApp). */
export const unixSecondsText = z
	.string()
	.regex(/^\d{1,12}$/, 'must be Unix seconds')
	.refine((s) => unixSeconds.safeParse(Number(s)).success, RANGE);

export const isoFromSeconds = (seconds: number | string): string => new Date(Number(seconds) * 1000).toISOString();
