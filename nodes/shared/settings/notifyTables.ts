import { z } from 'zod';

import { CHANNELS, type Channel } from '../envelope';
import { isTimeOfDay, isTimeZone } from '../notify/quietHours';
import { DEFAULT_RATES } from '../notify/limits';
import type { ChannelRate, NotifyKind, NotifySettings } from '../notify/types';
import type { Store } from '../store/types';
import { parsedRows, started, text, whole, type Applied } from './checks';
import { keepRows, keptRows } from './kept';
import { CAMPAIGN_RATES, QUIET_HOURS, type TableRow } from './tables';

const RateRow = z.object({
	channel: z.preprocess((v) => String(v ?? '').trim().toLowerCase(), z.enum(CHANNELS, { message: `one of ${CHANNELS.join(', ')}` })),
	messagesPerSecond: whole(1, 1000).pipe(z.number({ required_error: 'needs a number from 1 to 1000' })),
});

/**
 * Campaign rates per channel. A rate keeps the channel's padded window (limits.ts), since the
 * platforms count arrivals that the network may bring closer than they left. A table of nothing
 * but mistakes changes nothing; an emptied one hands back to the platforms' own limits.
 */
export async function applyCampaignRates(store: Store, rows: TableRow[]): Promise<Applied> {
	const applied = started(CAMPAIGN_RATES.name);
	const rates = parsedRows(rows, RateRow, applied).map(({ value }) => ({
		channel: value.channel,
		limit: value.messagesPerSecond,
		windowMs: DEFAULT_RATES[value.channel]?.windowMs ?? 1000,
	}));
	if (rows.length && !rates.length) return applied;
	applied.updated = rates.map((r) => `${r.channel}: ${r.limit}/s`);
	await keepRows(store.db, 'campaignRates', rates);
	return applied;
}

/** The rates the admin workflow last applied, by channel, or null while the table is empty. */
export const appliedCampaignRates = (db: Store['db']): Promise<Partial<Record<Channel, ChannelRate>> | null> =>
	keptRows(db, 'campaignRates', (rows) => Object.fromEntries(rows.map((r) => [String(r.channel), { limit: Number(r.limit), windowMs: Number(r.windowMs) }])));

const KINDS = ['promotional', 'service'] as const satisfies readonly NotifyKind[];
const timeOfDay = text.pipe(z.string().refine(isTimeOfDay, 'needs a time of day like 21:00'));

const QuietRow = z.object({
	kind: z.preprocess((v) => String(v ?? '').trim().toLowerCase(), z.enum(KINDS, { message: `one of ${KINDS.join(', ')}` })),
	start: timeOfDay,
	end: timeOfDay,
	timeZone: text.pipe(z.string().refine((zone) => !zone || isTimeZone(zone), 'needs a time zone like Europe/Kyiv, or nothing')),
});

export interface QuietHoursRow {
	start: string;
	end: string;
	/** For customers whose card has no time zone; empty: the Notify node's own default. */
	timeZone: string;
}

/** Quiet hours per kind of notification; a kind named twice keeps its first row. Mistakes only: nothing changes. */
export async function applyQuietHours(store: Store, rows: TableRow[]): Promise<Applied> {
	const applied = started(QUIET_HOURS.name);
	const byKind = new Map<NotifyKind, QuietHoursRow & { kind: NotifyKind }>();
	for (const { row, value } of parsedRows(rows, QuietRow, applied)) {
		if (byKind.has(value.kind)) applied.problems.push({ table: applied.table, row, reason: `kind: ${value.kind} already has a row` });
		else byKind.set(value.kind, value);
	}
	applied.problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
	if (rows.length && !byKind.size) return applied;
	applied.updated = [...byKind.values()].map((q) => `${q.kind}: ${q.start}–${q.end}${q.timeZone ? ` ${q.timeZone}` : ''}`);
	await keepRows(store.db, 'quietHours', [...byKind.values()] as unknown as TableRow[]);
	return applied;
}

/** The quiet hours the admin workflow last applied, by kind, or null while the table is empty. */
export const appliedQuietHours = (db: Store['db']): Promise<Partial<Record<NotifyKind, QuietHoursRow>> | null> =>
	keptRows(db, 'quietHours', (rows) => Object.fromEntries(rows.map((r) => [String(r.kind), { start: String(r.start), end: String(r.end), timeZone: String(r.timeZone) }])));

/**
 * A Notify node's settings with the Campaign Rates and Quiet Hours tables in place of its panel's
 * while they have rows. With quiet hours in the table, a kind without a row is never held, and
 * whether a service message passes them stays the node's (`serviceMayPass`): an outage notice
 * should not wait for the morning, a missed-call text may.
 */
export async function withNotifyTables(db: Store['db'], settings: NotifySettings, serviceMayPass: boolean): Promise<NotifySettings> {
	const [rates, quiet] = [await appliedCampaignRates(db), await appliedQuietHours(db)];
	const row = quiet?.[settings.kind];
	return {
		...settings,
		...(rates ? { rates } : {}),
		...(quiet
			? { quietHours: row ? { start: row.start, end: row.end, serviceMayPass } : null, defaultTimeZone: row?.timeZone || settings.defaultTimeZone }
			: {}),
	};
}
