import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';

import type Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

import { connectQueueRedis } from '../../queueMode/redis';
import { NetworkError } from './http';
import { sleep } from './retry';

/** Runs calls to a platform at most `limit` to a window, wherever they come from. */
export interface Limiter {
	run<T>(call: () => Promise<T>): Promise<T>;
}

/**
 * At most `limit` calls in any window of `windowMs`, the way platforms state their limits
 * ("20 requests per second"), counted as the platform counts them: by arrival. A call holds its
 * slot from the moment it leaves until one window after its answer came back, so calls that left
 * a window apart but were bunched on the way (a busy event loop, the network) still arrive at
 * most `limit` to a window. Waiting here is cheaper than being refused: a platform's "too many
 * requests" costs a round trip and, repeated, turns into flood control that lasts far longer.
 */
export class RateLimiter implements Limiter {
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

/** Longer than any call may take (the HTTP client gives up after 15 s): a slot of a process that died mid-call comes back after this. */
const LEASE_SECONDS = 30;

export interface SharedLimiterOptions {
	/** Namespaces the keys in Redis (tests, several centers on one Redis). */
	prefix: string;
	/** How long a caller waits for an unreachable Redis before the call fails as a network failure (never sent unpaced). */
	unreachableMs?: number;
}

/**
 * The same guarantee as RateLimiter, for every process sending with one token (n8n's queue-mode
 * workers), kept in Redis: the `limit` slots are keys, each taken by rate-limiter-flexible's
 * atomic consume of its single point (so two processes never hold one slot), held for a lease
 * while the call is out and, once the answer is in, for exactly one more window (PEXPIRE, in
 * Redis's own clock). Callers draw a ticket and wait for slot ticket mod limit, which is freed
 * next in turn, so waiting callers of all processes are served roughly in arrival order; a
 * caller whose slot is still out polls, one whose slot is counting down its window sleeps
 * exactly until it ends. A process killed mid-call leaves its slots held until their lease ends;
 * callers waiting on one of them draw another ticket after a window and go on with the other
 * slots rather than stall. If Redis cannot be reached, callers wait for it (bounded), since a call sent unpaced is the one
 * that could break the platform's limit.
 */
export class SharedRateLimiter implements Limiter {
	private readonly slots: RateLimiterRedis;
	private readonly ticketKey: string;
	private readonly unreachableMs: number;

	constructor(
		private readonly redis: Redis,
		private readonly key: string,
		private readonly limit: number,
		private readonly windowMs: number,
		options: SharedLimiterOptions,
	) {
		this.slots = new RateLimiterRedis({
			storeClient: redis,
			keyPrefix: `${options.prefix}slot`,
			points: 1,
			duration: LEASE_SECONDS,
			rejectIfRedisNotReady: true,
		});
		this.ticketKey = `${options.prefix}ticket:${key}`;
		this.unreachableMs = options.unreachableMs ?? 30_000;
	}

	async run<T>(call: () => Promise<T>): Promise<T> {
		const slot = await this.take();
		try {
			return await call();
		} finally {
			// On failure the slot stays held for its lease: slower for a while, never faster.
			await this.redis.pexpire(slot, this.windowMs).catch(() => undefined);
		}
	}

	/** Takes a slot; gives its Redis key. */
	private async take(): Promise<string> {
		const deadline = Date.now() + this.unreachableMs;
		const draw = async () => `${this.key}:${(await this.whileReachable(deadline, () => this.redis.incr(this.ticketKey))) % this.limit}`;
		let slot = await draw();
		/** Since when the slot has been out, its answer not back. */
		let outSince: number | null = null;
		for (;;) {
			const wait = await this.whileReachable(deadline, () =>
				this.slots.consume(slot).then(
					() => 0,
					(refused: unknown) => {
						if (!(refused instanceof RateLimiterRes)) throw refused;
						// Counting down its window after the answer: free at exactly that time. Still out: look again soon.
						return refused.msBeforeNext <= this.windowMs ? Math.max(1, refused.msBeforeNext) : null;
					},
				),
			);
			if (wait === 0) return this.slots.getKey(slot);
			if (wait !== null) {
				outSince = null;
				await sleep(wait);
				continue;
			}
			outSince ??= Date.now();
			// Out for longer than a window, where answers take milliseconds: most likely its process died
			// mid-call and the slot is lost until its lease ends. Waiting for another slot beats stalling for that.
			if (Date.now() - outSince > this.windowMs) {
				slot = await draw();
				outSince = null;
				continue;
			}
			await sleep(Math.min(50, this.windowMs / 4));
		}
	}

	/** Runs a Redis step, retrying while Redis is away, until `deadline`. */
	private async whileReachable<T>(deadline: number, step: () => Promise<T>): Promise<T> {
		for (let pause = 50; ; pause = Math.min(1000, pause * 2)) {
			try {
				return await step();
			} catch (error) {
				if (Date.now() + pause > deadline) {
					throw new NetworkError(`the shared rate limiter's Redis is unreachable (${(error as Error).message}); nothing was sent`);
				}
				await sleep(pause);
			}
		}
	}
}

const limiters = new Map<string, Limiter>();
let shared: { redis: Redis; prefix: string } | null | undefined;

/** In queue mode, the one Redis connection this process's limiters share; waiting for Redis is their own bounded loop. */
function sharedRedis(): { redis: Redis; prefix: string } | null {
	if (shared === undefined) {
		const queue = connectQueueRedis();
		shared = queue && { redis: queue.redis, prefix: `${queue.prefix}cc-rate:` };
	}
	return shared;
}

/**
 * What each platform lets one token send (CHANNELS.md): Telegram about 30 messages a second per
 * bot, WhatsApp 80 a second per number, VK 20 requests a second per community token (refused
 * ones included). Viber, Messenger and Instagram state no overall rate: a generous pace keeps a
 * burst from hammering them. SMTP providers limit an account too (Amazon SES starts at 14 a
 * second, relays of hosted mailboxes lower) and answer a flood by deferring or blocking it: 10 a
 * second per SMTP login. Campaigns keep to the same rates, padded (notify/limits.ts).
 */
export const PLATFORM_RATES = {
	telegram: { limit: 30, windowMs: 1000 },
	whatsapp: { limit: 80, windowMs: 1000 },
	messenger: { limit: 40, windowMs: 1000 },
	instagram: { limit: 40, windowMs: 1000 },
	viber: { limit: 50, windowMs: 1000 },
	vk: { limit: 20, windowMs: 1000 },
	email: { limit: 10, windowMs: 1000 },
} as const;

/** What a send wants done once, when its first call has its turn and is about to leave (onHandOver). */
const handOvers = new AsyncLocalStorage<{ hand: () => Promise<void>; handed?: Promise<void> }>();

/**
 * Runs `send`, calling `hand` once, right before its first paced call leaves: after any wait for
 * the platform's turn, which in queue mode is where a send spends its time. A campaign records
 * there that the platform may have the message (notify/runner.ts), so that what a killed worker
 * never handed over is sent again rather than flagged.
 */
export function onHandOver<T>(hand: () => Promise<void>, send: () => Promise<T>): Promise<T> {
	return handOvers.run({ hand }, send);
}

/** Channels whose sends go through `paced`: the others' sends hand over at once. */
export const isPaced = (channel: string): channel is keyof typeof PLATFORM_RATES => channel in PLATFORM_RATES;

/** Runs one call to `platform` with `credential` in its turn (see limiterFor). */
export function paced<T>(platform: keyof typeof PLATFORM_RATES, credential: string, call: () => Promise<T>): Promise<T> {
	const { limit, windowMs } = PLATFORM_RATES[platform];
	const handOver = handOvers.getStore();
	return limiterFor(platform, credential, limit, windowMs).run(async () => {
		if (handOver) await (handOver.handed ??= handOver.hand());
		return call();
	});
}

/**
 * The limiter for a credential, since platforms count per token however many nodes, executions
 * and processes use it: in queue mode one shared through Redis by every process, otherwise this
 * process's. Keyed by a hash so that tokens are never kept as keys, in memory or in Redis.
 */
export function limiterFor(scope: string, credential: string, limit: number, windowMs: number): Limiter {
	const key = `${scope}:${limit}/${windowMs}:${createHash('sha256').update(credential).digest('hex')}`;
	let limiter = limiters.get(key);
	if (!limiter) {
		const redis = sharedRedis();
		limiter = redis ? new SharedRateLimiter(redis.redis, key, limit, windowMs, { prefix: redis.prefix }) : new RateLimiter(limit, windowMs);
		limiters.set(key, limiter);
	}
	return limiter;
}
