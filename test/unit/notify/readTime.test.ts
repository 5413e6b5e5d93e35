import { readTime } from '../../../nodes/shared/notify/readTime';
import { validUntil } from '../../../nodes/shared/notify/stale';

/** Kyiv is UTC+3 in summer. */
const kyiv = (hhmm: string, day = '2025-06-02') => new Date(`${day}T${hhmm}:00+03:00`);
const tomorrow = (hhmm: string) => kyiv(hhmm, '2025-06-03');
/** Ops staff in Kyiv fill the outage form at 17:00 on Monday 2 June. */
const typedAt17 = (text: string) => readTime(text, kyiv('17:00'), 'Europe/Kyiv');

describe('an expected fix as ops staff type it, read at 17:00 in Kyiv', () => {
	test.each([
		['18:00', kyiv('18:00')],
		['18.00', kyiv('18:00')],
		['6 pm', kyiv('18:00')],
		['6pm', kyiv('18:00')],
		['at 6:30 p.m.', kyiv('18:30')],
		['by 18:00', kyiv('18:00')],
		['~18:00', kyiv('18:00')],
		['today 18:00', kyiv('18:00')],
		['Tomorrow 9:00', tomorrow('09:00')],
		['tomorrow at 9 am', tomorrow('09:00')],
		['9:00 tomorrow', tomorrow('09:00')],
		['2025-06-02T18:00', kyiv('18:00')],
		['2025-06-02 18:00', kyiv('18:00')],
		['2025-06-02T15:00:00Z', kyiv('18:00')],
		['2025-06-02T18:00+03:00', kyiv('18:00')],
		['о 18:00', kyiv('18:00')],
		['об 11:00 завтра', tomorrow('11:00')],
		['в 18:00', kyiv('18:00')],
		['к 18:00', kyiv('18:00')],
		['в 6 вечера', kyiv('18:00')],
		['в 18 часов', kyiv('18:00')],
		['сегодня в 18:00', kyiv('18:00')],
		['сьогодні о 18:00', kyiv('18:00')],
		['завтра в 9:00', tomorrow('09:00')],
		['завтра о 9:00', tomorrow('09:00')],
		['à 18h', kyiv('18:00')],
		['à 18h30', kyiv('18:30')],
		['demain à 9h', tomorrow('09:00')],
		['demain 9h', tomorrow('09:00')],
	])('the time of day %j is %s', (text, expected) => {
		expect(typedAt17(text)).toEqual(expected);
	});

	test.each([
		['in 2 hours', kyiv('19:00')],
		['2h', kyiv('19:00')],
		['2 hrs', kyiv('19:00')],
		['1h30', kyiv('18:30')],
		['1.5 hours', kyiv('18:30')],
		['2 hours 30 minutes', kyiv('19:30')],
		['30 min', kyiv('17:30')],
		['in an hour', kyiv('18:00')],
		['half an hour', kyiv('17:30')],
		['через 2 часа', kyiv('19:00')],
		['через час', kyiv('18:00')],
		['через полчаса', kyiv('17:30')],
		['через 30 минут', kyiv('17:30')],
		['1,5 часа', kyiv('18:30')],
		['2 ч', kyiv('19:00')],
		['через 2 години', kyiv('19:00')],
		['через годину', kyiv('18:00')],
		['через півтори години', kyiv('18:30')],
		['через 30 хвилин', kyiv('17:30')],
		['dans 2 heures', kyiv('19:00')],
		['dans une heure', kyiv('18:00')],
		['dans une demi-heure', kyiv('17:30')],
		['dans 30 minutes', kyiv('17:30')],
		// A bare number with "h" is a while, even one that looks like a time of day.
		['18h', tomorrow('11:00')],
	])('the while %j from now ends at %s', (text, expected) => {
		expect(typedAt17(text)).toEqual(expected);
	});

	test.each([
		['tomorrow', kyiv('00:00', '2025-06-04')],
		['завтра', kyiv('00:00', '2025-06-04')],
		['demain', kyiv('00:00', '2025-06-04')],
		['today', tomorrow('00:00')],
	])('the day %j alone lasts until its end, %s', (text, expected) => {
		expect(typedAt17(text)).toEqual(expected);
	});

	test.each(['', 'soon', 'as soon as possible', 'unknown', 'скоро', 'bientôt', '18', '25:00', '13 pm', '0 min', '18:00-19:00'])('%j says no time', (text) => {
		expect(typedAt17(text)).toBeNull();
	});

	test('a time of day alone is the nearest one: typed at 22:00, 9:00 is tomorrow morning; typed at 18:30, 18:00 is the fix already overdue', () => {
		expect(readTime('9:00', kyiv('22:00'), 'Europe/Kyiv')).toEqual(tomorrow('09:00'));
		expect(readTime('18:00', kyiv('18:30'), 'Europe/Kyiv')).toEqual(kyiv('18:00'));
		expect(readTime('23:30', tomorrow('00:30'), 'Europe/Kyiv')).toEqual(kyiv('23:30'));
	});

	test('read in the campaign’s time zone: 18:00 in Paris is 19:00 in Kyiv, and a night across the spring clock change still ends at 9:00', () => {
		expect(readTime('18:00', kyiv('17:00'), 'Europe/Paris')).toEqual(kyiv('19:00'));
		expect(readTime('tomorrow 9:00', new Date('2025-03-29T20:00:00Z'), 'Europe/Kyiv')).toEqual(new Date('2025-03-30T09:00:00+03:00'));
	});
});

describe('how long an outage notice is worth sending', () => {
	const outage = (expectedFix: string) => ({ kind: 'service' as const, validForHours: 6, validUntil: expectedFix, defaultTimeZone: 'Europe/Kyiv' });

	test('the expected fix at 18:00, typed at 17:00: until 19:00, an hour past it, since a fix is often late', () => {
		expect(validUntil(outage('18:00'), kyiv('17:00'))).toEqual(kyiv('19:00'));
		expect(validUntil({ ...outage('18:00'), validUntilMarginHours: 0.5 }, kyiv('17:00'))).toEqual(kyiv('18:30'));
	});

	test('an expected fix that says no time ("soon", empty) or one already overdue keeps the 6 hours of Valid For', () => {
		for (const expectedFix of ['soon', '', '16:00', 'today 9:00']) expect(validUntil(outage(expectedFix), kyiv('17:00'))).toEqual(kyiv('23:00'));
	});
});
