import { z } from 'zod';

import { CHANNELS, type Channel } from '../envelope';
import { DEFAULT_RATES } from '../notify/limits';
import type { ChannelRate } from '../notify/types';
import type { Store } from '../store/types';
import { parsedRows, started, whole, type Applied } from './checks';
import { keepRows, keptRows } from './kept';
import { CAMPAIGN_RATES, type TableRow } from './tables';

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
