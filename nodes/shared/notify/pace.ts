import { createHash } from 'node:crypto';

import { sleep } from '../channels/common/retry';

/** The longest a refusal holds a channel account's turns (the runner pauses for a second). */
const MAX_PAUSE_MS = 60_000;

/**
 * Turns for sends at a platform's rate, `limit` per `windowMs`, as a fixed-interval schedule:
 * one turn every windowMs / limit. A turn missed while the event loop was busy (a SQLite write)
 * is made up right away, so that stalls do not lower the rate, but only up to a quarter of a
 * window's turns at once, and never beyond `limit` turns in any window: the platform counts
 * arrivals in a sliding window, and a long burst of make-up calls is exactly what it refuses.
 * (On a busy 2-core machine a tenth of a window made up gave 0.95 of the allowed rate, a quarter 0.97.)
 */
export class Pacer {
	private readonly interval: number;
	/** Turns that may be made up at once after a stall. */
	private readonly catchUp: number;
	/** When the next turn is due by the schedule. */
	private next = 0;
	/** When the last `limit` turns were given, oldest first. */
	private readonly given: number[] = [];
	private queue: Promise<void> = Promise.resolve();

	constructor(
		private readonly limit: number,
		private readonly windowMs: number,
	) {
		this.interval = windowMs / limit;
		this.catchUp = Math.max(1, Math.floor(limit / 4));
	}

	/** Resolves when the caller may make one call; callers are served in arrival order. */
	take(): Promise<void> {
		const turn = this.queue.then(() => this.waitForTurn());
		this.queue = turn;
		return turn;
	}

	/** Holds every turn until `ms` from now (at most MAX_PAUSE_MS): the platform refused a call to this account for its rate. */
	pause(ms: number): void {
		this.next = Math.max(this.next, Date.now() + Math.min(ms, MAX_PAUSE_MS));
	}

	private async waitForTurn(): Promise<void> {
		const now = Date.now();
		let at = Math.max(this.next, now - this.catchUp * this.interval);
		if (this.given.length === this.limit) at = Math.max(at, this.given[0] + this.windowMs);
		// No turn is ever due further off than a window and a pause: the clock was set back (NTP, a
		// test's clock), and waiting for it to catch up would hold every send of the process.
		if (at - now > this.windowMs + MAX_PAUSE_MS) {
			this.given.length = 0;
			at = now;
		}
		if (at > now) await sleep(at - now);
		this.next = at + this.interval;
		this.given.push(Date.now());
		if (this.given.length > this.limit) this.given.shift();
	}
}

const pacers = new Map<string, Pacer>();

/**
 * The one pacer of this process for a channel account, shared by every campaign and execution
 * sending there, since platforms count per bot, number or token. Keyed by a hash of the account.
 */
export function pacerFor(scope: string, account: string, limit: number, windowMs: number): Pacer {
	const key = `${scope}:${createHash('sha256').update(account).digest('hex')}`;
	let pacer = pacers.get(key);
	if (!pacer) pacers.set(key, (pacer = new Pacer(limit, windowMs)));
	return pacer;
}
