import type { Period } from '../../reports';
import type { Db } from '../../store/types';

/**
 * Readings of one store shared by every supervisor asking for the same period within `windowMs`
 * of the first (or while it runs), so that each supervisor more does not read the store again.
 * A failed reading is not shared: the next poll tries again.
 */
export function sharedReadings<T>(windowMs: number) {
	const byDb = new WeakMap<Db, Map<string, { atMs: number; value: Promise<T> }>>();
	return (db: Db, period: Period, at: Date, read: () => Promise<T>): Promise<T> => {
		let byPeriod = byDb.get(db);
		if (!byPeriod) byDb.set(db, (byPeriod = new Map()));
		const atMs = at.getTime();
		for (const [key, reading] of byPeriod) if (Math.abs(atMs - reading.atMs) >= windowMs) byPeriod.delete(key);
		const key = `${period.from.toISOString()}/${period.to.toISOString()}`;
		const shared = byPeriod.get(key);
		if (shared) return shared.value;
		const reading = { atMs, value: read() };
		byPeriod.set(key, reading);
		reading.value.catch(() => byPeriod.get(key) === reading && byPeriod.delete(key));
		return reading.value;
	};
}
