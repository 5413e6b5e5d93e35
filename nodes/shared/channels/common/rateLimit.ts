import { createHash } from 'node:crypto';

/**
 * At most `limit` calls in any window of `windowMs`, the way platforms state their limits
 * ("20 requests per second"), counted as the platform counts them: by arrival. A call holds its
 * slot from the moment it leaves until one window after its answer came back, so calls that left
 * a window apart but were bunched on the way (a busy event loop, the network) still arrive at
 * most `limit` to a window. Waiting here is cheaper than being refused: a platform's "too many
 * requests" costs a round trip and, repeated, turns into flood control that lasts far longer.
 */
export class RateLimiter {
	private live = 0;
	/** Callers waiting for a slot, served in arrival order. */
	private readonly waiting: Array<() => void> = [];

	constructor(
		private readonly limit: number,
		private readonly windowMs: number,
	) {}

	/** Runs `call` in a slot. */
	async run<T>(call: () => Promise<T>): Promise<T> {
		await this.take();
		try {
			return await call();
		} finally {
			setTimeout(() => this.release(), this.windowMs);
		}
	}

	private take(): Promise<void> {
		if (this.live < this.limit && this.waiting.length === 0) {
			this.live += 1;
			return Promise.resolve();
		}
		return new Promise((resolve) => this.waiting.push(resolve));
	}

	private release(): void {
		const next = this.waiting.shift();
		if (next) next();
		else this.live -= 1;
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
