/**
 * When notifications wait is a data table, one row per kind of notification: shipped with the
 * templates' own quiet hours, a row with a mistake is named and skipped, a row's time zone is
 * the default for customers without one, and an emptied table hands back to each Notify node's panel.
 */
import type { NotifySettings } from '../../../nodes/shared/notify';
import { appliedQuietHours, applyQuietHours, QUIET_HOURS, withNotifyTables } from '../../../nodes/shared/settings';
import { storePerTest } from '../../harness/backends';
import { BACKENDS } from '../customers/backends';
import { shippedRows } from './shipped';

/** A Notify node's panel: promotions quiet 22:00–08:00 in Kyiv. */
const panel = (kind: NotifySettings['kind']): NotifySettings => ({
	kind,
	texts: { en: 'Hello' },
	defaultLanguage: 'en',
	fallbackOrder: [],
	quietHours: { start: '22:00', end: '08:00', serviceMayPass: true },
	defaultTimeZone: 'Europe/Kyiv',
	frequencyCap: null,
});

describe.each(BACKENDS)('quiet hours on %s', (_name, makeBackend) => {
	const world = storePerTest(makeBackend);

	test('the shipped rows are the templates’ quiet hours; the table’s row for a kind replaces the panel’s; an emptied table hands back', async () => {
		expect((await applyQuietHours(world.store, shippedRows(QUIET_HOURS))).problems).toEqual([]);
		const db = world.store.db;
		expect((await withNotifyTables(db, panel('promotional'), true)).quietHours).toEqual({ start: '21:00', end: '09:00', serviceMayPass: true });
		// Whether a service message passes them stays its node's: an outage notice does, a missed-call text waits.
		expect((await withNotifyTables(db, panel('service'), false)).quietHours).toEqual({ start: '21:00', end: '09:00', serviceMayPass: false });

		const rows = [
			{ kind: 'promotional', start: '20:00', end: '10:00', timeZone: 'America/New_York' },
			{ kind: 'promotional', start: '19:00', end: '10:00', timeZone: '' },
			{ kind: 'service', start: 'late', end: '07:00', timeZone: 'Mars/Olympus' },
		];
		const applied = await applyQuietHours(world.store, rows);
		expect(applied.problems).toEqual([
			{ table: 'Contact Center · Quiet Hours', row: 2, reason: 'kind: promotional already has a row' },
			{ table: 'Contact Center · Quiet Hours', row: 3, reason: expect.stringMatching(/^start: needs a time of day like 21:00; timeZone: needs a time zone/) },
		]);
		const promotional = await withNotifyTables(db, panel('promotional'), true);
		expect([promotional.quietHours, promotional.defaultTimeZone]).toEqual([{ start: '20:00', end: '10:00', serviceMayPass: true }, 'America/New_York']);
		// The table has rows but none for service messages: they are never held.
		expect((await withNotifyTables(db, panel('service'), false)).quietHours).toBeNull();

		await applyQuietHours(world.store, []);
		expect(await appliedQuietHours(db)).toBeNull();
		expect(await withNotifyTables(db, panel('promotional'), true)).toEqual(panel('promotional'));
	});

	test('a table of nothing but mistakes changes nothing', async () => {
		await applyQuietHours(world.store, shippedRows(QUIET_HOURS));
		const applied = await applyQuietHours(world.store, [{ kind: 'newsletter', start: '21:00', end: '09:00', timeZone: '' }]);
		expect(applied.problems).toEqual([{ table: 'Contact Center · Quiet Hours', row: 1, reason: 'kind: one of promotional, service' }]);
		expect(await appliedQuietHours(world.store.db)).toEqual({
			promotional: { start: '21:00', end: '09:00', timeZone: '' },
			service: { start: '21:00', end: '09:00', timeZone: '' },
		});
	});
});
