/**
 * How fast campaigns send on each channel is a data table: shipped with the platforms' own
 * limits, a channel slowed in the table is the rate Notify Customers sends at, a row naming a channel
 * nobody has is named and skipped, and an emptied table hands back to the platforms' limits.
 */
import { DEFAULT_RATES } from '../../../nodes/shared/notify';
import { appliedCampaignRates, applyCampaignRates, CAMPAIGN_RATES } from '../../../nodes/shared/settings';
import { closeAllStores, openStore, type Store } from '../../../nodes/shared/store';
import { BACKENDS, type Backend } from '../customers/backends';
import { shippedRows } from './shipped';

describe.each(BACKENDS)('campaign rates on %s', (_name, makeBackend) => {
	let backend: Backend;
	let store: Store;

	beforeEach(async () => {
		backend = await makeBackend();
		store = await openStore(backend.config);
	});
	afterEach(async () => {
		await closeAllStores();
		await backend.dispose();
	});

	test('the shipped table is the platforms’ limits; a channel slowed in it is the rate Notify Customers sends at; an emptied table hands back', async () => {
		expect((await applyCampaignRates(store, shippedRows(CAMPAIGN_RATES))).problems).toEqual([]);
		expect(await appliedCampaignRates(store.db)).toEqual(DEFAULT_RATES);

		const rows = shippedRows(CAMPAIGN_RATES).map((row) => (row.channel === 'whatsapp' ? { ...row, messagesPerSecond: 5 } : row));
		rows.push({ channel: 'pigeon', messagesPerSecond: 1 });
		const applied = await applyCampaignRates(store, rows);

		expect(applied.problems).toEqual([{ table: 'Contact Center · Campaign Rates', row: rows.length, reason: expect.stringMatching(/^channel: one of webchat, telegram/) }]);
		expect((await appliedCampaignRates(store.db))?.whatsapp).toEqual({ limit: 5, windowMs: DEFAULT_RATES.whatsapp!.windowMs });

		await applyCampaignRates(store, []);
		expect(await appliedCampaignRates(store.db)).toBeNull();
	});
});
