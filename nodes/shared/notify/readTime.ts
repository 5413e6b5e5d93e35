import { atWallClock, wallClock, type WallClock } from './quietHours';

/**
 * A time as ops staff type it into a form (an outage's expected fix), in English, Russian,
 * Ukrainian or French, read at `now` in `timeZone`; null when it says no time ("soon", "unknown").
 *
 * - A number with a unit is a while from now: "in 2 hours", "2h", "1h30", "30 min", "1.5 hours",
 *   "через 2 часа", "через час", "через 30 хвилин", "dans 2 heures", "dans une demi-heure".
 * - A time of day: "18:00", "18.00", "6 pm", "at 6:30 p.m.", "о 18:00", "в 6 вечера", "à 18h30".
 *   A bare number with "h" is a while ("18h" is 18 hours): "à 18h" or "18:00" is the time. Without
 *   a day it is the nearest such time, before or after now: typed at 22:00, 9:00 is tomorrow's;
 *   typed at 18:30, 18:00 is today's, already past (an overdue fix).
 * - A day, with or without a time: "tomorrow 9:00", "завтра о 9:00", "demain à 9h", "today 18:00";
 *   a day alone ("tomorrow", "завтра", "demain") lasts until its end.
 * - An ISO date-time: "2025-06-02T18:00", "2025-06-02 18:00", with "Z" or an offset, or local.
 */
export function readTime(text: string, now: Date, timeZone: string): Date | null {
	const said = text
		.normalize('NFKC')
		.toLowerCase()
		.replace(/[’`]/g, "'")
		.replace(/([ap])\.\s?m\.?/g, '$1m')
		.replace(/[\s.!,;]+$/, '')
		.replace(/\s+/g, ' ')
		.trim();
	if (!said) return null;
	const iso = readIso(said, timeZone);
	if (iso !== undefined) return iso;
	const whileMs = readWhile(said);
	if (whileMs !== null) return whileMs > 0 ? new Date(now.getTime() + whileMs) : null;
	return readDayAndTime(said, now, timeZone);
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[t ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(z|[+-]\d{2}:?\d{2})?$/;

/** An ISO date-time, in `timeZone` when it names no offset; undefined when `said` is none. */
function readIso(said: string, timeZone: string): Date | null | undefined {
	const match = ISO.exec(said);
	if (!match) return undefined;
	const [, year, month, day, hour, minute, second, offset] = match;
	const local = { year: Number(year), month: Number(month), day: Number(day), hour: Number(hour), minute: Number(minute) };
	if (!valid(local.hour, local.minute) || local.month < 1 || local.month > 12 || local.day < 1 || local.day > 31) return null;
	if (!offset) return new Date(atWallClock(local, timeZone).getTime() + Number(second ?? 0) * 1000);
	const at = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second ?? '00'}${offset === 'z' ? 'Z' : offset.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')}`);
	return Number.isNaN(at) ? null : new Date(at);
}

const HOURS = String.raw`h|hrs?|hours?|ч|час(?:а|ов)?|год(?:ин[аиуі]?)?|heures?`;
const MINUTES = String.raw`m|mins?|minutes?|мин(?:ут[аыу]?)?|хв(?:илин[аиуі]?)?`;
const AMOUNT = String.raw`\d+(?:[.,]\d+)?|an?|one|une?|один|одна|одну|полтора|півтори`;
const WORD_AMOUNTS: Record<string, number> = { a: 1, an: 1, one: 1, un: 1, une: 1, один: 1, одна: 1, одну: 1, полтора: 1.5, півтори: 1.5 };
const HALF_HOUR = /^(?:half an hour|(?:une )?demi-heure|полчаса|пів ?години)$/;
const WITHIN = /^(?:in|within|через|за|dans|d'ici|en) /;
const WHILE = new RegExp(String.raw`^(?:(${AMOUNT})? ?(${HOURS}))? ?(?:(${AMOUNT})? ?(${MINUTES}))?$`);
/** "1h30", "2 ч 15": hours and minutes with the minutes' unit left out. */
const HOURS_THEN_MINUTES = new RegExp(String.raw`^(\d+) ?(?:${HOURS}) ?(\d{1,2})$`);

/** A while from now, in milliseconds; null when `said` is none. */
function readWhile(said: string): number | null {
	const within = WITHIN.test(said);
	const rest = said.replace(WITHIN, '');
	if (HALF_HOUR.test(rest)) return 30 * 60_000;
	const short = HOURS_THEN_MINUTES.exec(rest);
	if (short) return (Number(short[1]) * 60 + Number(short[2])) * 60_000;
	const match = WHILE.exec(rest);
	if (!match || (!match[2] && !match[4])) return null;
	const [, hours, hourUnit, minutes, minuteUnit] = match;
	// A unit without its number means one of it ("через час", "через годину"), but only after "in": alone, "h" says nothing.
	if (((hourUnit && !hours) || (minuteUnit && !minutes)) && !within) return null;
	const amount = (value: string | undefined) => (value === undefined ? 1 : (WORD_AMOUNTS[value] ?? Number(value.replace(',', '.'))));
	return ((hourUnit ? amount(hours) * 60 : 0) + (minuteUnit ? amount(minutes) : 0)) * 60_000;
}

const TODAY = String.raw`today|сегодня|сьогодні|aujourd'hui`;
const TOMORROW = String.raw`tomorrow|завтра|demain`;
const IS_TOMORROW = new RegExp(`^(?:${TOMORROW})$`);
const DAY_FIRST = new RegExp(String.raw`^(${TODAY}|${TOMORROW})(?: (.*))?$`);
const DAY_LAST = new RegExp(String.raw`^(.*) (${TODAY}|${TOMORROW})$`);
const AT = /^(?:~ ?|(?:at|by|around|about|until|till|before|в|во|к|до|около|о|об|біля|близько|à|a|vers|avant|pour|jusqu'à) )/;
/** Hour and minute, then the half of the day (am, pm, "вечера", …) or a word for "o'clock" ("h", "часов", "heures"). */
const CLOCK = new RegExp(String.raw`^(\d{1,2})(?:[:.h](\d{2}))?(?: ?(am|pm|утра|ранку|ночи|ночі|дня|вечера|вечора|${HOURS}))?$`);
const MORNING = new Set(['am', 'утра', 'ранку', 'ночи', 'ночі']);
const AFTERNOON = new Set(['pm', 'дня', 'вечера', 'вечора']);

/** A time of day, a day, or both; null when `said` is none. */
function readDayAndTime(said: string, now: Date, timeZone: string): Date | null {
	const first = DAY_FIRST.exec(said);
	const last = first ? null : DAY_LAST.exec(said);
	const dayWord = first?.[1] ?? last?.[2];
	const day = dayWord === undefined ? undefined : IS_TOMORROW.test(dayWord) ? 1 : 0;
	const rest = first ? (first[2] ?? '') : last ? last[1] : said;
	const today = wallClock(now, timeZone);
	const midnightAfter = (days: number): WallClock => ({ ...today, day: today.day + days, hour: 0, minute: 0 });
	if (!rest) return day === undefined ? null : atWallClock(midnightAfter(day + 1), timeZone);
	const clock = CLOCK.exec(rest.replace(AT, ''));
	if (!clock) return null;
	const [, h, m, suffix] = clock;
	const half = suffix !== undefined && (MORNING.has(suffix) || AFTERNOON.has(suffix));
	// "18" or "18 h" is a time only after "at" or a day: alone, a number says nothing, and "18 h" is a while (readWhile).
	if (!m && !half && !AT.test(rest) && day === undefined) return null;
	let hour = Number(h);
	const minute = Number(m ?? 0);
	if (half) {
		if (hour < 1 || hour > 12) return null;
		hour = (hour % 12) + (AFTERNOON.has(suffix) ? 12 : 0);
	}
	if (!valid(hour, minute)) return null;
	const on = (days: number) => atWallClock({ ...midnightAfter(days), hour, minute }, timeZone);
	if (day !== undefined) return on(day);
	// The nearest such time, later on a tie: within 12 hours before or after now.
	const candidates = [on(-1), on(0), on(1)];
	const distance = (at: Date) => Math.abs(at.getTime() - now.getTime());
	return candidates.reduce((best, at) => (distance(at) <= distance(best) ? at : best));
}

const valid = (hour: number, minute: number) => hour >= 0 && minute >= 0 && minute <= 59 && (hour < 24 || (hour === 24 && minute === 0));
