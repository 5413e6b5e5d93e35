/**
 * n8n's request hook (WebChatTrigger/earlyRefusalHook.ts) repeats the Web Chat Trigger's refusals
 * before n8n's webhook work: a chat is refused there from the message that used up its pause or
 * its minute until that window ends, an address's new chats from the one that used up its new
 * chats for the hour, and nothing else is. Here "n8n" is an HTTP server whose listener does what
 * the trigger does with the real limits on SQLite (names its path and trusted proxies, tells the
 * visitor's address, checks the header and the limits); the hook wraps its request listener as it
 * wraps n8n's. The hook also holds a chat's messages sent at once while one of them is in n8n, so
 * that a wave reaches n8n as the page's messages do, one after another, and an address's new chats
 * sent at once, so that they start their workflows one after another.
 */
import { once } from 'node:events';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { n8n as hookFile } from '../../../../nodes/WebChatTrigger/earlyRefusalHook';
import { chatAt, earlyAnswer, MISSING_SESSION } from '../../../../nodes/shared/channels/webchat/earlyRefusals';
import { answerEarly } from '../../../../nodes/shared/channels/webchat/requestGate';
import { DEFAULT_WEBCHAT_LIMITS, webChatLimiter, type WebChatLimiter, type WebChatLimits } from '../../../../nodes/shared/channels/webchat/limits';
import { clientAddress, parseTrustedProxies } from '../../../../nodes/shared/limits/clientAddress';
import type { Db } from '../../../../nodes/shared/store';
import { migratedDb, sqliteBackend } from '../../../harness/backends';

const session = (name: string) => `${name}-session-0001`;

let db: Db;
let drop: () => Promise<void>;
const servers: Server[] = [];
beforeEach(async () => ({ db, drop } = await migratedDb(sqliteBackend)));
afterEach(async () => {
	for (const server of servers.splice(0)) server.close();
	await db.close();
	await drop();
});

/**
 * "n8n" with the trigger's limits for `site` at /webhook/<site>, and how many calls reached it (of
 * one chat, or all). Its trusted proxy is the test's own loopback peer, so that each visitor's
 * address comes in X-Forwarded-For, unless `trustedProxies` says otherwise. `hold` sets the hook's
 * hold instead of the hook file's; a chat's message `stalled` keeps n8n busy after the trigger's
 * verdict until released, as a workflow might; `arrivals` are when calls reached it.
 */
async function n8nWithHook(site: string, { hold, limits = {}, trustedProxies = '127.0.0.1' }: { hold?: Parameters<typeof answerEarly>[1]; limits?: Partial<WebChatLimits>; trustedProxies?: string } = {}) {
	const limiter: WebChatLimiter = webChatLimiter(db, site, { ...DEFAULT_WEBCHAT_LIMITS, ...limits });
	const proxies = parseTrustedProxies(trustedProxies);
	const calls = new Map<string, number>();
	const stalls = new Map<string, Promise<void>>();
	const arrivals: number[] = [];
	const server: Server = createServer(async (req, res) => {
		arrivals.push(Date.now());
		chatAt(req.url!, site, proxies);
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const { sessionId } = JSON.parse(Buffer.concat(chunks).toString());
		calls.set(sessionId, (calls.get(sessionId) ?? 0) + 1);
		const address = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'] as string | undefined, proxies);
		const verdict = req.headers['x-chat-session'] === sessionId ? await limiter.check(address, sessionId) : undefined;
		const stall = stalls.get(sessionId);
		stalls.delete(sessionId);
		await stall;
		if (!verdict) res.writeHead(400).end(JSON.stringify({ error: MISSING_SESSION }));
		else if (verdict.ok) res.writeHead(200).end('{"ok":true}');
		else res.writeHead(verdict.status, { 'Retry-After': String(verdict.retryAfterSeconds) }).end(JSON.stringify({ error: verdict.reason }));
	});
	// As n8n runs the hook file's n8n.ready with its AbstractServer, whose `server` is its HTTP server.
	if (hold) answerEarly(server, hold);
	else for (const ready of hookFile.ready) await ready({ server });
	servers.push(server);
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const { port } = server.address() as AddressInfo;
	const post = (sessionId: string, address: string, headers: object = { 'x-chat-session': sessionId }, signal?: AbortSignal) =>
		new Promise<{ status: number; retryAfter?: string; early: boolean }>((done, fail) => {
			const sent = request({ port, agent: false, method: 'POST', path: `/webhook/${site}?v=1`, headers: { 'x-forwarded-for': address, ...headers }, signal }, (answer) => {
				answer.resume();
				answer.on('end', () => done({ status: answer.statusCode!, retryAfter: answer.headers['retry-after'] as string | undefined, early: answer.headers['x-chat-refused'] === 'early' }));
			});
			sent.on('error', fail);
			sent.end(JSON.stringify({ sessionId }));
		});
	const stalled = (sessionId: string) => {
		let release = () => {};
		stalls.set(sessionId, new Promise((done) => (release = done)));
		return { release: () => release() };
	};
	return { post, stalled, arrivals, reachedN8n: (sessionId?: string) => (sessionId ? (calls.get(sessionId) ?? 0) : [...calls.values()].reduce((a, b) => a + b, 0)) };
}

const sleep = (ms: number) => new Promise((wake) => setTimeout(wake, ms));

const sentCount = async (address: string) => Number((await db.query('SELECT COUNT(*) AS n FROM webchat_sessions WHERE address = ?', [address]))[0].n);

test('a flooding chat is refused before n8n from the message the trigger took; another customer is served, and so is a chat whose pause has passed', async () => {
	const n8n = await n8nWithHook('shop-a');
	expect(await n8n.post(session('flood'), '203.0.113.66')).toMatchObject({ status: 200 });
	// The message taken started the chat's pause: the next, within it, never reaches the trigger.
	expect(await n8n.post(session('flood'), '203.0.113.66')).toMatchObject({ status: 429, retryAfter: '1', early: true });
	expect(n8n.reachedN8n()).toBe(1);

	const wave = await Promise.all(Array.from({ length: 18 }, () => n8n.post(session('flood'), '203.0.113.66')));
	expect(wave.every((a) => a.status === 429 && a.early && a.retryAfter === '1')).toBe(true);
	expect(n8n.reachedN8n()).toBe(1);

	expect(await n8n.post(session('other'), '198.51.100.1')).toMatchObject({ status: 200 });
	// A person's two quick lines: the second waits out the chat's pause, then is taken.
	const quick = await Promise.all([n8n.post(session('quick'), '198.51.100.2'), n8n.post(session('quick'), '198.51.100.2')]);
	expect(quick.map((a) => a.status).sort()).toEqual([200, 429]);
	await sleep(1000);
	expect(await n8n.post(session('quick'), '198.51.100.2')).toMatchObject({ status: 200, early: false });

	// The flood's 20 messages spent its minute as they would have without the hook: the trigger
	// refuses its next one until the minute ends, and the hook the rest of it.
	const afterPause = await n8n.post(session('flood'), '203.0.113.66');
	expect(afterPause).toMatchObject({ status: 429, early: false });
	expect(Number(afterPause.retryAfter)).toBeGreaterThan(50);
	const rest = await Promise.all(Array.from({ length: 50 }, () => n8n.post(session('flood'), '203.0.113.66')));
	expect(rest.every((a) => a.status === 429 && a.early && Number(a.retryAfter) > 50)).toBe(true);
	expect(n8n.reachedN8n()).toBe(2 + 1 + 2);
});

test('a visitor’s burst: the message that fills the chat’s minute is taken, and the next is refused before n8n for the rest of the minute', async () => {
	const n8n = await n8nWithHook('shop-h', { limits: { messagesPerMinute: 3 } });
	const answers = [];
	for (let i = 0; i < 3; i++) {
		answers.push(await n8n.post(session('burst'), '203.0.113.80'));
		await sleep(1050);
	}
	expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
	const next = await n8n.post(session('burst'), '203.0.113.80');
	expect(next).toMatchObject({ status: 429, early: true });
	expect(Number(next.retryAfter)).toBeGreaterThan(50);
	expect(n8n.reachedN8n(session('burst'))).toBe(3);
});

describe('new chats from one address', () => {
	test('fifty: the ten the hour allows are taken, the other forty refused before n8n (429, Retry-After) and nothing of them stored; the address’s own chats go on', async () => {
		const n8n = await n8nWithHook('shop-i');
		const answers = [];
		for (let i = 0; i < 50; i++) answers.push(await n8n.post(session(`fresh${i}`), '203.0.113.90'));
		expect(answers.map((a) => a.status)).toEqual([...Array(10).fill(200), ...Array(40).fill(429)]);
		expect(answers.slice(10).every((a) => a.early && Number(a.retryAfter) > 3500)).toBe(true);
		expect(n8n.reachedN8n()).toBe(10);
		expect(await sentCount('203.0.113.90')).toBe(10);

		await sleep(1000);
		expect(await n8n.post(session('fresh0'), '203.0.113.90')).toMatchObject({ status: 200, early: false });
		expect(await n8n.post(session('elsewhere'), '198.51.100.90')).toMatchObject({ status: 200 });
		// A chat refused here is refused here once: its next message is the trigger's to answer (a
		// chat another n8n process opened is held up by one message at most).
		expect(await n8n.post(session('fresh10'), '203.0.113.90')).toMatchObject({ status: 429, early: false });
		expect(await sentCount('203.0.113.90')).toBe(10);
	});

	test('ten sent at once enter n8n one at a time, a quarter second apart, and all ten are taken; another address is not held behind them', async () => {
		const n8n = await n8nWithHook('shop-l');
		await n8n.post(session('earlier'), '198.51.100.9');
		const burst = Array.from({ length: 10 }, (_, i) => session(`burst${i}`));
		const stalls = burst.map((chat) => n8n.stalled(chat));
		const answers = Promise.all(burst.map((chat) => n8n.post(chat, '203.0.113.95')));
		await sleep(300);
		// The first is in n8n (its workflow would be starting): the other nine wait before it.
		expect(n8n.reachedN8n() - 1).toBe(1);
		expect(await n8n.post(session('neighbour'), '198.51.100.10')).toMatchObject({ status: 200 });

		for (const stall of stalls) stall.release();
		expect((await answers).map((a) => a.status)).toEqual(Array(10).fill(200));
		const burstArrivals = n8n.arrivals.filter((_, i) => i !== 0 && i !== 2);
		const gaps = burstArrivals.slice(1).map((at, i) => at - burstArrivals[i]);
		expect(Math.min(...gaps)).toBeGreaterThanOrEqual(240);
		expect(await sentCount('203.0.113.95')).toBe(10);
	});

	test('more at once than the hold waits for: the rest are told to wait (429, Retry-After) before n8n, none dropped', async () => {
		const n8n = await n8nWithHook('shop-m', { hold: { holdMs: 1100 } });
		await n8n.post(session('earlier'), '198.51.100.11');
		const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => n8n.post(session(`many${i}`), '203.0.113.96')));
		// The first, and the four that a quarter second each lets in within the hold's 1.1 s.
		expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
		const told = answers.filter((a) => a.status !== 200);
		expect(told).toHaveLength(5);
		expect(told.every((a) => a.status === 429 && a.early && Number(a.retryAfter) >= 1)).toBe(true);
		expect(n8n.reachedN8n() - 1).toBe(5);
	});

	test('a chat opened from the address before this process knew it (another n8n process, a restart) is not refused as new', async () => {
		expect(await webChatLimiter(db, 'shop-j', DEFAULT_WEBCHAT_LIMITS).check('203.0.113.91', session('opened-before'))).toEqual({ ok: true });
		// What this process knew is gone, as after a restart.
		delete (globalThis as Record<symbol, unknown>)[Symbol.for('n8n-nodes-contact-center.webChatEarlyRefusals')];
		const n8n = await n8nWithHook('shop-j');
		for (let i = 0; i < 9; i++) expect(await n8n.post(session(`new${i}`), '203.0.113.91')).toMatchObject({ status: 200 });
		expect(await n8n.post(session('new9'), '203.0.113.91')).toMatchObject({ status: 429, early: true });
		await sleep(1000);
		expect(await n8n.post(session('opened-before'), '203.0.113.91')).toMatchObject({ status: 200, early: false });
	});

	test('X-Forwarded-For counts only from a listed proxy: a script that writes a new one each time is one address', async () => {
		const n8n = await n8nWithHook('shop-k', { trustedProxies: '' });
		const answers = [];
		for (let i = 0; i < 12; i++) answers.push(await n8n.post(session(`spoof${i}`), `198.51.100.${100 + i}`));
		expect(answers.map((a) => a.status)).toEqual([...Array(10).fill(200), 429, 429]);
		expect(answers[11]).toMatchObject({ early: true });
		expect(n8n.reachedN8n()).toBe(10);
	});
});

test('a post to the chat without its session header is refused before n8n; other paths and methods are n8n’s', async () => {
	const n8n = await n8nWithHook('shop-b');
	expect(await n8n.post(session('first'), '198.51.100.3')).toMatchObject({ status: 200 });
	expect(await n8n.post(session('bare'), '198.51.100.4', {})).toMatchObject({ status: 400 });
	expect(n8n.reachedN8n()).toBe(1);

	expect(earlyAnswer('GET', '/webhook/shop-b', {})).toBeUndefined();
	expect(earlyAnswer('POST', '/webhook/elsewhere', {})).toBeUndefined();
	expect(earlyAnswer('POST', '/webhook/shop-b', {})).toMatchObject({ status: 400, body: JSON.stringify({ error: MISSING_SESSION }) });
});

// Each starts once the trigger has answered a chat on its path, as the hook knows the chat's paths from it.
describe('a chat’s messages sent at once wait while one of them is in n8n', () => {
	test('a wave of 10: only the first reaches n8n, the other 9 are refused before it; another customer never waits behind them', async () => {
		const n8n = await n8nWithHook('shop-e');
		await n8n.post(session('earlier'), '198.51.100.6');
		const first = n8n.stalled(session('wave'));
		const wave = Promise.all(Array.from({ length: 10 }, () => n8n.post(session('wave'), '203.0.113.70')));
		await sleep(100);
		expect(n8n.reachedN8n(session('wave'))).toBe(1);
		expect(await n8n.post(session('other'), '198.51.100.5')).toMatchObject({ status: 200 });

		first.release();
		const answers = await wave;
		// As the same 10 sent one after another would be answered: one taken, the rest refused for the pause.
		expect(answers.map((a) => a.status).sort()).toEqual([200, ...Array(9).fill(429)]);
		expect(answers.filter((a) => a.early)).toHaveLength(9);
		expect(answers.every((a) => a.status === 200 || a.retryAfter === '1')).toBe(true);
		expect(n8n.reachedN8n(session('wave'))).toBe(1);
	});

	test('a held message goes to n8n once its first has been in n8n for the hold’s bound; one whose client gave up never does', async () => {
		// Held past the chat's pause (1 s), the second message is the trigger's to take.
		const n8n = await n8nWithHook('shop-f', { hold: { holdMs: 1200 } });
		await n8n.post(session('earlier'), '198.51.100.7');
		const stuck = n8n.stalled(session('stuck'));
		void n8n.post(session('stuck'), '203.0.113.71');
		await sleep(50);
		const sentAt = Date.now();
		expect(await n8n.post(session('stuck'), '203.0.113.71')).toMatchObject({ status: 200, early: false });
		expect(Date.now() - sentAt).toBeGreaterThanOrEqual(1100);
		expect(n8n.reachedN8n(session('stuck'))).toBe(2);
		stuck.release();

		const first = n8n.stalled(session('gone'));
		const answered = n8n.post(session('gone'), '203.0.113.72');
		await sleep(50);
		const givingUp = new AbortController();
		const abandoned = n8n.post(session('gone'), '203.0.113.72', undefined, givingUp.signal).catch((error: Error) => error.name);
		await sleep(50);
		givingUp.abort();
		expect(await abandoned).toBe('AbortError');
		await sleep(50);
		first.release();
		expect(await answered).toMatchObject({ status: 200 });
		await sleep(1300);
		expect(n8n.reachedN8n(session('gone'))).toBe(1);
	});

	test('past the most a chat may have waiting, its messages go to n8n at once, as without the hold', async () => {
		const n8n = await n8nWithHook('shop-g', { hold: { maxHeld: 2 } });
		await n8n.post(session('earlier'), '198.51.100.8');
		const first = n8n.stalled(session('many'));
		const refusedEarly: unknown[] = [];
		const wave = Promise.all(Array.from({ length: 5 }, () => n8n.post(session('many'), '203.0.113.73').then((a) => (a.early && refusedEarly.push(a), a))));
		await sleep(100);
		// 2 wait; the other 2 go on at once, to n8n, or refused before it once the trigger has refused the chat.
		expect(n8n.reachedN8n(session('many')) + refusedEarly.length).toBe(3);
		first.release();
		expect((await wave).filter((a) => a.status === 200)).toHaveLength(1);
	});
});

describe('what the hook refused counts as the trigger would have counted it', () => {
	const T0 = new Date('2026-12-05T10:00:00Z').getTime();
	const at = (seconds: number) => jest.setSystemTime(T0 + seconds * 1000);
	beforeEach(() => {
		jest.useFakeTimers({ doNotFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'nextTick', 'queueMicrotask'] });
		at(0);
	});
	afterEach(() => jest.useRealTimers());

	const url = (site: string) => `/webhook/${site}`;
	const refusedEarly = (site: string, sessionId: string, times: number) =>
		Array.from({ length: times }, () => earlyAnswer('POST', url(site), { 'x-chat-session': sessionId })).filter((a) => a?.status === 429).length;

	test('within the chat’s minute: 19 messages held back during its pauses spend it, as 19 refused by the trigger would have', async () => {
		const limiter = webChatLimiter(db, 'shop-c', DEFAULT_WEBCHAT_LIMITS);
		chatAt(url('shop-c'), 'shop-c');
		expect(await limiter.check('203.0.113.7', session('c'))).toEqual({ ok: true });
		expect(await limiter.check('203.0.113.7', session('c'))).toMatchObject({ ok: false, retryAfterSeconds: 1 });
		at(0.5);
		expect(refusedEarly('shop-c', session('c'), 18)).toBe(18);
		// The pause has passed: the next message reaches the trigger, and 1 + 1 + 18 were counted before it.
		at(2);
		expect(refusedEarly('shop-c', session('c'), 1)).toBe(0);
		expect(await limiter.check('203.0.113.7', session('c'))).toMatchObject({ ok: false, retryAfterSeconds: 58 });
		at(59);
		expect(refusedEarly('shop-c', session('c'), 5)).toBe(5);
		at(61);
		expect(earlyAnswer('POST', url('shop-c'), { 'x-chat-session': session('c') })).toBeUndefined();
		// The minute ended: what the hook refused within it is not carried into the next.
		expect(await limiter.check('203.0.113.7', session('c'))).toEqual({ ok: true });
	});

	test('a pause that would outlast the chat’s minute is held only until the minute ends', async () => {
		const limiter = webChatLimiter(db, 'shop-d', { ...DEFAULT_WEBCHAT_LIMITS, secondsBetweenMessages: 30 });
		chatAt(url('shop-d'), 'shop-d');
		expect(await limiter.check('203.0.113.8', session('d'))).toEqual({ ok: true });
		at(45);
		expect(await limiter.check('203.0.113.8', session('d'))).toEqual({ ok: true });
		at(50);
		expect(await limiter.check('203.0.113.8', session('d'))).toMatchObject({ ok: false, retryAfterSeconds: 25 });
		at(59);
		expect(refusedEarly('shop-d', session('d'), 3)).toBe(3);
		at(60);
		expect(refusedEarly('shop-d', session('d'), 1)).toBe(0);
	});
});
