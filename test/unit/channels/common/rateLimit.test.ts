/**
 * The channel limits held in Redis for every process (n8n's queue mode): several limiters, each
 * with its own Redis connection as several workers would have, share one pace for a token; with
 * Redis away they wait and never call unpaced. Real Redis on 127.0.0.1:6379, keys under a prefix
 * of each test's own.
 */
import { randomUUID } from 'node:crypto';
import { createServer, Socket, type Server } from 'node:net';

import Redis from 'ioredis';

import { NetworkError } from '../../../../nodes/shared/channels/common/http';
import { onHandOver, paced, SharedRateLimiter } from '../../../../nodes/shared/channels/common/rateLimit';
import { queueRedisFromEnv } from '../../../../nodes/shared/queueMode/redis';

const REDIS = { host: '127.0.0.1', port: 6379 };
const fastFailing = { maxRetriesPerRequest: 1, enableOfflineQueue: false } as const;
const sleep = (ms: number) => new Promise((wake) => setTimeout(wake, ms));

let prefix: string;
/** Clears each test's keys; the limiters get their own connections. */
const admin = new Redis(REDIS);
const clients: Redis[] = [];
const client = (port = REDIS.port) => {
	const redis = new Redis({ ...REDIS, port, ...fastFailing, retryStrategy: () => 20 });
	redis.on('error', () => undefined);
	clients.push(redis);
	return redis;
};

beforeEach(() => {
	prefix = `cc-test-${randomUUID()}:`;
});

afterEach(async () => {
	const keys = await admin.keys(`${prefix}*`);
	if (keys.length) await admin.del(...keys);
	for (const redis of clients.splice(0)) redis.disconnect();
});

afterAll(() => admin.quit());

/** Calls that record when they reached the "platform" and take a few milliseconds to answer. */
function platform() {
	const arrivals: number[] = [];
	const call = async (worker: number) => {
		arrivals.push(Date.now());
		await sleep(1 + ((arrivals.length * 7) % 13));
		return worker;
	};
	/** The most calls that arrived within any `windowMs`. */
	const busiestWindow = (windowMs: number) => {
		const sorted = [...arrivals].sort((a, b) => a - b);
		let most = 0;
		for (let first = 0, last = 0; last < sorted.length; last++) {
			while (sorted[last] - sorted[first] >= windowMs) first++;
			most = Math.max(most, last - first + 1);
		}
		return most;
	};
	return { arrivals, call, busiestWindow };
}

test('three workers sending with one token reach the platform at most `limit` times in any window between them', async () => {
	const limit = 5;
	const windowMs = 200;
	const workers = [0, 1, 2].map(() => new SharedRateLimiter(client(), 'telegram:bot-a', limit, windowMs, { prefix }));
	const telegram = platform();

	const results = await Promise.all(workers.flatMap((limiter, worker) => Array.from({ length: 15 }, () => limiter.run(() => telegram.call(worker)))));

	expect(results).toHaveLength(45);
	expect(results.filter((worker) => worker === 2)).toHaveLength(15);
	// Each worker alone keeps 5 to a window; unshared, the three together would bring up to 15.
	expect(telegram.busiestWindow(windowMs)).toBeLessThanOrEqual(limit);
	// ...and the pace is used: calls waiting on a busy token fill the window.
	expect(telegram.busiestWindow(windowMs)).toBe(limit);
});

test('two tokens are paced apart: one token’s traffic does not slow the other', async () => {
	const windowMs = 300;
	const botA = new SharedRateLimiter(client(), 'telegram:bot-a', 2, windowMs, { prefix });
	const botB = new SharedRateLimiter(client(), 'telegram:bot-b', 2, windowMs, { prefix });
	const a = platform();
	const b = platform();

	await Promise.all([...Array.from({ length: 6 }, () => botA.run(() => a.call(0))), ...Array.from({ length: 2 }, () => botB.run(() => b.call(1)))]);

	expect(a.busiestWindow(windowMs)).toBe(2);
	// Bot B's two calls went out in its own first window, before bot A's third could.
	const aInOrder = [...a.arrivals].sort((x, y) => x - y);
	expect(Math.max(...b.arrivals)).toBeLessThan(aInOrder[2]);
});

test('a worker killed mid-call does not stall the token: the others send on its remaining slots while the dead one’s slot is still held', async () => {
	const windowMs = 100;
	const killed = new SharedRateLimiter(client(), 'telegram:bot-a', 2, windowMs, { prefix });
	const survivor = new SharedRateLimiter(client(), 'telegram:bot-a', 2, windowMs, { prefix });
	const telegram = platform();

	// The killed worker's call never answers: its slot stays held for the lease (30 s).
	void killed.run(() => new Promise(() => undefined));
	const slotsHeld = () => admin.keys(`${prefix}slot*`);
	while ((await slotsHeld()).length === 0) await sleep(10);
	const [deadSlot] = await slotsHeld();

	const results = await Promise.all(Array.from({ length: 4 }, () => survivor.run(() => telegram.call(1))));

	expect(results).toEqual([1, 1, 1, 1]);
	// Sent on the other slot, one window after each answer, while the dead worker's slot is still out.
	expect(await admin.pttl(deadSlot)).toBeGreaterThan(windowMs);
	expect(telegram.busiestWindow(windowMs)).toBe(1);
});

test('with Redis unreachable a sender waits, then fails as a network failure without calling the platform', async () => {
	const nothingListens = await closedPort();
	const limiter = new SharedRateLimiter(client(nothingListens), 'vk:community', 20, 1000, { prefix, unreachableMs: 300 });
	const vk = platform();

	await expect(limiter.run(() => vk.call(0))).rejects.toBeInstanceOf(NetworkError);
	expect(vk.arrivals).toHaveLength(0);
});

test('a sender waiting out a Redis outage calls the platform once Redis is back', async () => {
	const proxy = await redisProxy();
	const limiter = new SharedRateLimiter(client(proxy.port), 'whatsapp:number', 80, 1000, { prefix, unreachableMs: 20_000 });
	const whatsapp = platform();

	const sent = limiter.run(() => whatsapp.call(0));
	await sleep(300);
	expect(whatsapp.arrivals).toHaveLength(0);

	proxy.up();
	await expect(sent).resolves.toBe(0);
	expect(whatsapp.arrivals).toHaveLength(1);
	await proxy.close();
});

test('a campaign send hands over once, when its first call has its turn — not while it waits behind a token’s full window', async () => {
	const token = `vk-token-${randomUUID()}`;
	let open!: () => void;
	const gate = new Promise<void>((resolve) => (open = resolve));
	// VK's 20 calls a window all out for this token: the next caller waits for a slot.
	const busy = Array.from({ length: 20 }, () => paced('vk', token, () => gate));
	const steps: string[] = [];
	const send = onHandOver(
		async () => void steps.push('handed over'),
		async () => {
			await paced('vk', token, async () => void steps.push('first call'));
			await paced('vk', token, async () => void steps.push('second call'));
		},
	);
	await sleep(100);
	expect(steps).toEqual([]);
	open();
	await Promise.all([...busy, send]);
	expect(steps).toEqual(['handed over', 'first call', 'second call']);
});

test('n8n’s queue-mode variables select the shared limiter and its Redis; without them each process keeps its own', () => {
	expect(queueRedisFromEnv({})).toBeNull();
	const shared = queueRedisFromEnv({
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: 'redis',
		QUEUE_BULL_REDIS_PORT: '6380',
		QUEUE_BULL_REDIS_DB: '2',
		QUEUE_BULL_REDIS_PASSWORD: 'secret',
		QUEUE_BULL_REDIS_TLS: 'true',
		QUEUE_BULL_PREFIX: 'center-a',
	});
	expect(shared?.options).toMatchObject({ host: 'redis', port: 6380, db: 2, password: 'secret', tls: {} });
	expect(shared?.prefix).toBe('center-a:');
	// n8n defaults the host when only the mode is set.
	expect(queueRedisFromEnv({ EXECUTIONS_MODE: 'queue' })?.options).toMatchObject({ host: 'localhost', port: 6379 });
});

async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
	const { port } = server.address() as { port: number };
	await new Promise((closed) => server.close(closed));
	return port;
}

/** A TCP path to Redis that refuses every connection until `up()`. */
async function redisProxy(): Promise<{ port: number; up(): void; close(): Promise<void> }> {
	let open = false;
	const sockets = new Set<Socket>();
	const server: Server = createServer((socket) => {
		if (!open) {
			socket.destroy();
			return;
		}
		const upstream = new Socket();
		upstream.connect(REDIS.port, REDIS.host);
		for (const s of [socket, upstream]) {
			sockets.add(s);
			s.on('error', () => undefined);
			s.on('close', () => sockets.delete(s));
		}
		socket.pipe(upstream).pipe(socket);
	});
	await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
	return {
		port: (server.address() as { port: number }).port,
		up: () => {
			open = true;
		},
		close: async () => {
			for (const s of sockets) s.destroy();
			await new Promise((closed) => server.close(closed));
		},
	};
}
