import { RateLimiterRes, type RateLimiterStoreAbstract as StoreAbstract } from 'rate-limiter-flexible';

import type { Db } from '../store/types';

// The library's base of its store-backed limiters, which its index does not export (its types do).
const RateLimiterStoreAbstract: typeof StoreAbstract = require('rate-limiter-flexible/lib/RateLimiterStoreAbstract');

interface Counter {
	points: number;
	expire: number | null;
}

/** One in this many writes also clears expired counters, so the table holds live ones only. */
const SWEEP_EVERY = 200;

/**
 * rate-limiter-flexible's limiter with its counters in the pack's store (SQLite or PostgreSQL, table
 * `rate_limits`), so that every n8n process sharing the store shares the limit. The upsert is one
 * atomic statement, as the library's own PostgreSQL limiter does it.
 */
export class StoreRateLimiter extends RateLimiterStoreAbstract {
	private readonly db: Db;
	private writes = 0;

	constructor(db: Db, options: { keyPrefix: string; points: number; duration: number; blockDuration?: number; inMemoryBlockOnConsumed?: number }) {
		super({ ...options, storeClient: db });
		this.db = db;
	}

	async _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<Counter> {
		const now = Date.now();
		const expire = msDuration > 0 ? now + msDuration : null;
		if (++this.writes % SWEEP_EVERY === 0) await this.db.query('DELETE FROM rate_limits WHERE expire <= ?', [now]);
		const restart = forceExpire ? '1 = 1' : 'rate_limits.expire <= ?';
		const [row] = await this.db.query(
			`INSERT INTO rate_limits (key, points, expire) VALUES (?, ?, ?)
			 ON CONFLICT (key) DO UPDATE SET
			   points = CASE WHEN ${restart} THEN excluded.points ELSE rate_limits.points + excluded.points END,
			   expire = CASE WHEN ${restart} THEN excluded.expire ELSE rate_limits.expire END
			 RETURNING points, expire`,
			forceExpire ? [key, points, expire] : [key, points, expire, now, now],
		);
		return toCounter(row);
	}

	async _get(key: string): Promise<Counter | null> {
		const [row] = await this.db.query('SELECT points, expire FROM rate_limits WHERE key = ? AND (expire > ? OR expire IS NULL)', [key, Date.now()]);
		return row ? toCounter(row) : null;
	}

	async _delete(key: string): Promise<boolean> {
		const before = await this._get(key);
		await this.db.query('DELETE FROM rate_limits WHERE key = ?', [key]);
		return before !== null;
	}

	_getRateLimiterRes(_key: string, changedPoints: number, counter: Counter): RateLimiterRes {
		const first = changedPoints === counter.points;
		const consumed = first ? changedPoints : counter.points;
		return new RateLimiterRes(Math.max(this.points - consumed, 0), counter.expire ? Math.max(counter.expire - Date.now(), 0) : -1, consumed, first);
	}
}

const toCounter = (row: Record<string, unknown>): Counter => ({
	points: Number(row.points),
	expire: row.expire === null || row.expire === undefined ? null : Number(row.expire),
});
