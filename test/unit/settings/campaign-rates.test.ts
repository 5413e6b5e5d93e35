/**
 * How fast campaigns send on each channel is a data table: shipped with the platforms' own
 * limits, a channel slowed in the table is the rate Notify Customers sends at, a row naming a channel
 * nobody has is named and skipped, and an emptied table hands back to the platforms' limits.
 */
import { DEFAULT_RATES } from '../../../nodes/shared/notify';
import { appliedCampaignRates, applyCampaignRates, CAMPAIGN_RATES } from '../../../nodes/shared/settings';
import { storePerTest } from '../../harness/backends';
import { BACKENDS } from '../customers/backends';
import { shippedRows } from './shipped';

describe.each(BACKENDS)('campaign rates on %s', (_name, makeBackend) => {
	const world = storePerTest(makeBackend);

	test('the shipped table is the platforms’ limits; a channel slowed in it is the rate Notify Customers sends at; an emptied table hands back', async () => {
		expect((await applyCampaignRates(world.store, shippedRows(CAMPAIGN_RATES))).problems).toEqual([]);
		expect(await appliedCampaignRates(world.store.db)).toEqual(DEFAULT_RATES);

		const rows = shippedRows(CAMPAIGN_RATES).map((row) => (row.channel === 'whatsapp' ? { ...row, messagesPerSecond: 5 } : row));
		rows.push({ channel: 'pigeon', messagesPerSecond: 1 });
		const applied = await applyCampaignRates(world.store, rows);

		expect(applied.problems).toEqual([{ table: 'Contact Center · Campaign Rates', row: rows.length, reason: expect.stringMatching(/^channel: one of webchat, telegram/) }]);
		expect((await appliedCampaignRates(world.store.db))?.whatsapp).toEqual({ limit: 5, windowMs: DEFAULT_RATES.whatsapp!.windowMs });

		await applyCampaignRates(world.store, []);
		expect(await appliedCampaignRates(world.store.db)).toBeNull();
	});
});
