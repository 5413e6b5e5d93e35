import { createHash } from 'node:crypto';

import { sleep } from './retry';

/**
 * At most `limit` calls in any window of `windowMs`, the way platforms state their limits
 * ("20 requests per second"). Waiting here is cheaper than being refused: a platform's "too many
 * requests" costs a round trip and, repeated, turns into flood control that lasts far longer.
 */
export class RateLimiter {
	/** When the last `limit` calls started, oldest first. */
	private readonly starts: number[] = [];
	/** Callers waiting for their turn, served in arrival order. */
	private queue: Promise<void> = Promise.resolve();

	constructor(
		private readonly limit: number,
		private readonly windowMs: number,
	) {}

	/** Resolves when the caller may make one call. */
	take(): Promise<void> {
		const turn = this.queue.then(() => this.waitForTurn());
		this.queue = turn;
		return turn;
	}

	private async waitForTurn(): Promise<void> {
		if (this.starts.length === this.limit) {
			const wait = this.starts[0] + this.windowMs - Date.now();
			if (wait > 0) await sleep(wait);
			this.starts.shift();
		}
		this.starts.push(Date.now());
	}
}

const limiters = new Map<string, RateLimiter>();

/**
 * The one limiter of this process for a credential, since platforms count per token however many
 * nodes and executions use it. Keyed by a hash so that tokens are not kept in memory as keys.
 * Processes (queue-mode workers) do not share it: each stays under the limit only on its own.
 */
export function limiterFor(scope: string, credential: string, limit: number, windowMs: number): RateLimiter {
	const key = `${scope}:${createHash('sha256').update(credential).digest('hex')}`;
	let limiter = limiters.get(key);
	if (!limiter) {
		limiter = new RateLimiter(limit, windowMs);
		limiters.set(key, limiter);
	}
	return limiter;
}
