/**
 * The web chat's limits, counted in the store on both backends, over a clock the test moves: a
 * chat's messages per minute and the pause between them, new chats per address per hour, and the body size; two limiters
 * over one database (two n8n processes) share the counts. X-Forwarded-For only counts from a
 * listed proxy; the chat may be framed and posted to only from listed sites.
 */
import { DEFAULT_WEBCHAT_LIMITS, webChatLimiter } from '../../../nodes/shared/channels/webchat/limits';
import { corsOrigin, frameAncestors, originAllowed, parseAllowedSites } from '../../../nodes/shared/channels/webchat/origins';
import { clientAddress, parseTrustedProxies } from '../../../nodes/shared/limits/clientAddress';
import { parseInbound } from '../../../nodes/shared/envelope';
import { routerOn } from '../../../nodes/shared/routing';
import { storeOn, type Db } from '../../../nodes/shared/store';
import { BACKENDS, migratedDbPerTest } from '../../harness/backends';

const T0 = new Date('2026-12-05T10:00:00Z').getTime();
const at = (seconds: number) => jest.setSystemTime(T0 + seconds * 1000);
const session = (n: number) => `session-${String(n).padStart(12, '0')}`;

describe.each(BACKENDS)('web chat limits on %s', (_name, backend) => {
	const world = migratedDbPerTest(backend);
	beforeEach(() => {
		jest.useFakeTimers({ doNotFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'nextTick', 'queueMicrotask'] });
		at(0);
	});
	afterEach(() => {
		jest.useRealTimers();
	});

	test('a chat may send 20 messages a minute; the 21st waits for the minute to end, another chat is not held up', async () => {
		const limiter = webChatLimiter(world.db, 'shop', DEFAULT_WEBCHAT_LIMITS);
		const verdicts = [];
		// A quick typist: a message every 2.5 seconds.
		for (let i = 0; i < 23; i++) {
			at(i * 2.5);
			verdicts.push(await limiter.check('203.0.113.7', session(1)));
		}
		expect(verdicts.filter((v) => v.ok)).toHaveLength(20);
		expect(verdicts[20]).toEqual({ ok: false, status: 429, reason: 'Too many messages in this chat: please wait', retryAfterSeconds: 10 });

		expect(await limiter.check('198.51.100.9', session(2))).toEqual({ ok: true });
		at(61);
		expect(await limiter.check('203.0.113.7', session(1))).toEqual({ ok: true });
	});

	test('a chat’s messages sent at once: the first is taken, the others wait a second, and a chat that goes on sending has used up its minute', async () => {
		const limiter = webChatLimiter(world.db, 'shop', DEFAULT_WEBCHAT_LIMITS);
		const atOnce = await Promise.all(Array.from({ length: 10 }, () => limiter.check('203.0.113.7', session(1))));
		expect(atOnce.filter((v) => v.ok)).toHaveLength(1);
		expect(atOnce.find((v) => !v.ok)).toEqual({ ok: false, status: 429, reason: 'Too many messages in this chat: please wait', retryAfterSeconds: 1 });
		at(1.5);
		expect(await limiter.check('203.0.113.7', session(1))).toEqual({ ok: true });
		// 11 counted so far: 9 more within the minute, of which the pause lets one more through.
		at(3);
		const more = [];
		for (let i = 0; i < 12; i++) more.push(await limiter.check('203.0.113.7', session(1)));
		expect(more.filter((v) => v.ok)).toHaveLength(1);
		at(20);
		expect(await limiter.check('203.0.113.7', session(1))).toMatchObject({ ok: false, retryAfterSeconds: 40 });
	});

	test('a chat that used up its minute is refused from memory: the rest of a flood costs the store nothing', async () => {
		let statements = 0;
		const counted = new Proxy(world.db, { get: (target, name) => (name === 'query' ? (...args: Parameters<Db['query']>) => (statements++, target.query(...args)) : Reflect.get(target, name)) });
		const limiter = webChatLimiter(counted, 'shop', DEFAULT_WEBCHAT_LIMITS);
		for (let i = 0; i < 21; i++) await limiter.check('203.0.113.7', session(1));
		const before = statements;
		const flood = [];
		for (let i = 0; i < 280; i++) flood.push(await limiter.check('203.0.113.7', session(1)));
		expect(flood.every((v) => !v.ok && v.status === 429)).toBe(true);
		expect(statements).toBe(before);
		at(61);
		expect(await limiter.check('203.0.113.7', session(1))).toEqual({ ok: true });
		expect(statements).toBeGreaterThan(before);
	});

	test('one address opens 10 chats an hour, counted in the store so that a second process sees them; a known chat goes on', async () => {
		const [processA, processB] = [webChatLimiter(world.db, 'shop', DEFAULT_WEBCHAT_LIMITS), webChatLimiter(world.db, 'shop', DEFAULT_WEBCHAT_LIMITS)];
		const verdicts = [];
		for (let i = 0; i < 50; i++) verdicts.push(await (i % 2 ? processA : processB).check('203.0.113.7', session(100 + i)));
		expect(verdicts.map((v) => v.ok)).toEqual([...Array(10).fill(true), ...Array(40).fill(false)]);
		expect(verdicts[10]).toMatchObject({ status: 429, reason: 'Too many new chats from your address: please wait', retryAfterSeconds: 3600 });
		at(2);
		expect(await processB.check('203.0.113.7', session(100))).toEqual({ ok: true });
		expect(await processA.check('198.51.100.9', session(999))).toEqual({ ok: true });
		at(3601);
		expect(await processA.check('203.0.113.7', session(500))).toEqual({ ok: true });
	});

	test('a new chat from an address whose three chats already wait for a person is asked to wait; once one is answered, it may open', async () => {
		const [store, router] = [storeOn(world.db), routerOn(world.db)];
		await router.groups.create({ name: 'General', topics: [], line: 1 });
		const limiter = webChatLimiter(world.db, 'shop', DEFAULT_WEBCHAT_LIMITS);
		for (let i = 0; i < 3; i++) {
			expect(await limiter.check('203.0.113.9', session(200 + i))).toEqual({ ok: true });
			const message = parseInbound({ channel: 'webchat', account: 'shop', externalId: `w${i}`, conversationKey: session(200 + i), sender: { id: session(200 + i) }, text: 'a person, please', receivedAt: new Date().toISOString(), raw: {} });
			const { conversation } = await store.conversations.logInbound(message);
			expect(await router.route(conversation)).toMatchObject({ outcome: 'queued' });
		}
		expect(await limiter.check('203.0.113.9', session(300))).toEqual({ ok: false, status: 429, reason: 'Your other chats are still waiting for a person: please wait', retryAfterSeconds: 60 });
		// The waiting chats themselves go on, and another address is not held up.
		at(2);
		expect(await limiter.check('203.0.113.9', session(200))).toEqual({ ok: true });
		expect(await limiter.check('198.51.100.1', session(301))).toEqual({ ok: true });

		const [general] = await router.groups.list();
		await router.operators.create({ name: 'Olga', login: 'olga', skills: [general.id], role: 'operator', status: 'online', capacity: 1 });
		expect(await router.drain()).toHaveLength(1);
		at(4);
		expect(await limiter.check('203.0.113.9', session(300))).toEqual({ ok: true });
	});

	test('a body over the size limit is refused before it is read', () => {
		const limiter = webChatLimiter(world.db, 'shop', { ...DEFAULT_WEBCHAT_LIMITS, maxBodyKb: 16 });
		expect([limiter.bodyFits(16 * 1024), limiter.bodyFits(16 * 1024 + 1)]).toEqual([true, false]);
	});
});

describe('the visitor’s address', () => {
	const proxies = parseTrustedProxies('10.0.0.5, 192.168.0.0/16');

	test('X-Forwarded-For from anyone but a listed proxy is ignored', () => {
		expect(clientAddress('203.0.113.7', '1.2.3.4', proxies)).toBe('203.0.113.7');
		expect(clientAddress('::ffff:203.0.113.7', undefined, proxies)).toBe('203.0.113.7');
	});

	test('behind listed proxies the visitor is the right-most address that is not one of them; a forged entry left of it is not', () => {
		expect(clientAddress('10.0.0.5', '6.6.6.6, 203.0.113.7', proxies)).toBe('203.0.113.7');
		expect(clientAddress('10.0.0.5', '6.6.6.6, 203.0.113.7, 192.168.4.4', proxies)).toBe('203.0.113.7');
	});

	test('a listed proxy that is not an address is refused when the ops person sets it', () => {
		expect(() => parseTrustedProxies('proxy.local')).toThrow('"proxy.local" is not an IP address or range');
	});
});

describe('allowed sites', () => {
	const sites = parseAllowedSites('https://shop.example/help, https://www.shop.example');

	test('only the listed sites may frame the page; none listed keeps it open to any', () => {
		expect(frameAncestors(sites)).toBe('https://shop.example https://www.shop.example');
		expect(frameAncestors([])).toBe('*');
	});

	test('a browser post from another site is refused; the page itself and listed sites are not', () => {
		expect(originAllowed('https://evil.example', 'https://n8n.shop.example', sites)).toBe(false);
		expect(originAllowed('https://n8n.shop.example', 'https://n8n.shop.example', sites)).toBe(true);
		expect(originAllowed('https://www.shop.example', 'https://n8n.shop.example', sites)).toBe(true);
	});

	test('only a listed site may read the chat’s answers across origins; with none listed, no site may', () => {
		expect(corsOrigin('https://www.shop.example', sites)).toBe('https://www.shop.example');
		expect(corsOrigin('https://evil.example', sites)).toBeNull();
		expect(corsOrigin('https://shop.example.evil.example', sites)).toBeNull();
		expect(corsOrigin(undefined, sites)).toBeNull();
		expect(corsOrigin('https://www.shop.example', [])).toBeNull();
	});
});
