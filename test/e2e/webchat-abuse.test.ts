/**
 * The web chat against abuse, in a real n8n running the support pipeline: a visitor flooding 300
 * messages (at the rate the issue measured, 300 in 23 s, and as fast as n8n answers) gets 429 (with
 * Retry-After) after the limit, nothing of the refused ones is stored, and the other customers are
 * answered meanwhile; fresh sessions from one address are limited; a body
 * that inflates past the size limit is refused; a site that is not listed cannot frame the chat.
 * Visitors' addresses come in X-Forwarded-For, honoured because the test lists n8n's loopback
 * peer as the trusted proxy (as an ops person lists their load balancer). The site verifies its
 * visitors: calls without its key are refused, a signed customer's chats join one card, a forged
 * signature is refused, and only the listed site gets a CORS header.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { gzipSync } from 'node:zlib';

import type { Browser } from 'playwright-core';

import { CODE_DIGITS, createLinkCode, loadCard } from '../../nodes/shared/customers';
import { parseInbound } from '../../nodes/shared/envelope';
import { openAlerts } from '../../nodes/shared/limits/alerts';
import { launchChromium } from '../harness/browser';
import { startContactCenter, type ContactCenter } from '../harness/contact-center';
import { eventually } from '../harness/wait';
import PIPELINE from '../../workflows/support-pipeline.json';

jest.setTimeout(600_000);

const SITE_KEY = 'e2e-shop-site-key-0123456789abcdef';
const IDENTITY_SECRET = 'e2e-shop-identity-secret-0123456789abcdef';
const KEY = { 'x-chat-key': SITE_KEY };
const SITE_CREDENTIAL = { id: 'ccWebChatSite01', name: 'Shop Web Chat', type: 'contactCenterWebChatApi', data: { siteKey: SITE_KEY, identitySecret: IDENTITY_SECRET } };
let shopOrigin: string;

let center: ContactCenter;
let chatUrl: string;
let shop: Server;
let elsewhere: Server;
let browser: Browser;

/** A page on another origin that embeds the chat in an iframe; at /shop, with the widget tag a verifying site writes for a signed-in customer. */
const embedding = () =>
	createServer((req, res) => {
		res.setHeader('content-type', 'text/html');
		if (req.url === '/shop') {
			const signature = createHmac('sha256', IDENTITY_SECRET).update('cust-widget-1').digest('hex');
			res.end(`<!doctype html><p>Shop</p><script src="${chatUrl}?asset=widget.js" data-site-key="${SITE_KEY}" data-customer-id="cust-widget-1" data-signature="${signature}"></script>`);
		} else res.end(`<!doctype html><iframe id="chat" src="${chatUrl}" width="400" height="400"></iframe>`);
	});
const listen = async (server: Server) => {
	await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

beforeAll(async () => {
	[shop, elsewhere] = [embedding(), embedding()];
	shopOrigin = await listen(shop);
	await listen(elsewhere);
	const workflow = {
		...PIPELINE,
		nodes: PIPELINE.nodes.map((node) =>
			node.type === 'n8n-nodes-contact-center.webChatTrigger'
				? {
						...node,
						parameters: { ...node.parameters, verifyVisitors: true, limits: { trustedProxies: '127.0.0.1, ::1', allowedSites: shopOrigin } },
						credentials: { ...node.credentials, contactCenterWebChatApi: { id: SITE_CREDENTIAL.id, name: SITE_CREDENTIAL.name } },
					}
				: node,
		),
	};
	center = await startContactCenter({ workflows: [workflow], credentials: [SITE_CREDENTIAL] });
	chatUrl = center.n8n.webhookUrl('webchat');
});

afterAll(async () => {
	await browser?.close();
	await center?.stop();
	shop?.close();
	elsewhere?.close();
});

let messages = 0;
const id = (prefix: string, n: number) => `${prefix}${String(n).padStart(16 - prefix.length, '0')}`;

function post(sessionId: string, address: string, text = 'Where is my order?', { headers = KEY, fields = {} }: { headers?: Record<string, string>; fields?: object } = {}) {
	const body = JSON.stringify({ action: 'sendMessage', sessionId, clientMessageId: id('m', ++messages), text, profile: { name: 'Visitor' }, ...fields });
	return fetch(chatUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address, ...headers }, body });
}

async function timed(sessionId: string, address: string): Promise<{ status: number; ms: number }> {
	const started = performance.now();
	const answer = await post(sessionId, address);
	await answer.arrayBuffer();
	return { status: answer.status, ms: performance.now() - started };
}

const percentile = (share: number) => (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(values.length * share) - 1];
const [p50, p99] = [percentile(0.5), percentile(0.99)];

async function storedIn(sessionId: string): Promise<number> {
	const [row] = await center.store.db.query(
		"SELECT COUNT(*) AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.channel = 'webchat' AND c.conversation_key = ? AND m.direction = 'in'",
		[sessionId],
	);
	return Number(row?.n ?? 0);
}

/** Resolves once the chat's history holds an answer. */
async function answered(sessionId: string): Promise<void> {
	await eventually(`${sessionId} answered`, async () => {
		const history = await fetch(`${chatUrl}?after=0`, { headers: { 'X-Chat-Session': sessionId, ...KEY } });
		const { lines } = (await history.json()) as { lines: Array<{ from: string }> };
		return lines.some((l) => l.from === 'agent') || undefined;
	}, 120_000);
}

/** Each customer on an address of their own, writing once. */
const customers = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ session: id('customer', from + i), address: `198.51.100.${from + i}` }));

/** Statuses of a 300-message flood from one chat: 30 waves of 10 concurrent POSTs, each wave `everyMs` after the last began (or, at 0, as soon as it is answered). */
async function flood(attacker: string, address: string, everyMs: number) {
	const statuses: Array<{ status: number; retryAfter: string | null }> = [];
	const started = performance.now();
	for (let wave = 0; wave < 30; wave++) {
		const began = performance.now();
		const answers = await Promise.all(Array.from({ length: 10 }, () => post(attacker, address)));
		for (const answer of answers) statuses.push({ status: answer.status, retryAfter: answer.headers.get('retry-after') });
		await new Promise((wake) => setTimeout(wake, Math.max(0, everyMs - (performance.now() - began))));
	}
	return { statuses, seconds: (performance.now() - started) / 1000 };
}

/** 20 other customers write while `flooding` runs, one every `everyMs` (0: one after the other); each POST timed. */
async function othersDuring(from: number, everyMs: number, flooding: Promise<unknown>) {
	const during: Array<{ status: number; ms: number }> = [];
	for (const c of customers(from, 20)) {
		const began = performance.now();
		during.push(await timed(c.session, c.address));
		await new Promise((wake) => setTimeout(wake, Math.max(0, everyMs - (performance.now() - began))));
	}
	await flooding;
	return during;
}

test('a 300-message flood gets 429 after 20 a minute and stores nothing more, while other customers are answered', async () => {
	// Not part of a quiet run: n8n's first answers after its start (code not yet compiled), and the
	// first messages' executions training the bot's and the classifier's models, which holds n8n's
	// event loop for up to a second once per install (and again after a correction changes a set).
	for (const c of customers(30, 5)) await timed(c.session, c.address);
	for (const c of customers(30, 5)) await answered(c.session);
	// The same 20 sequential writes as during the floods, so that the p99s compare.
	const quiet: Array<{ status: number; ms: number }> = [];
	for (const c of customers(1, 20)) quiet.push(await timed(c.session, c.address));
	expect(quiet.map((r) => r.status)).toEqual(Array(20).fill(200));

	// The flood as the issue measured it (300 messages in 23 s), then one as fast as n8n answers.
	const paced = flood(id('attacker', 1), '203.0.113.66', 23_000 / 30);
	const duringPaced = await othersDuring(50, 1000, paced);
	const fast = flood(id('attacker', 2), '203.0.113.67', 0);
	const duringFast = await othersDuring(80, 0, fast);
	for (const { statuses } of [await paced, await fast]) {
		expect(statuses.filter((s) => s.status === 200)).toHaveLength(20);
		const refused = statuses.filter((s) => s.status === 429);
		expect(refused).toHaveLength(280);
		expect(refused.every((s) => Number(s.retryAfter) >= 1 && Number(s.retryAfter) <= 60)).toBe(true);
	}
	expect([...duringPaced, ...duringFast].map((r) => r.status)).toEqual(Array(40).fill(200));

	const ms = (timings: Array<{ ms: number }>) => `${p50(timings.map((r) => r.ms)).toFixed(0)} / ${p99(timings.map((r) => r.ms)).toFixed(0)}`;
	console.log(
		`other customers' web chat POST p50 / p99: quiet ${ms(quiet)} ms; during a flood at the issue's rate (300 in ${(await paced).seconds.toFixed(0)} s) ${ms(duringPaced)} ms; ` +
			`during a flood as fast as n8n answers (300 in ${(await fast).seconds.toFixed(1)} s) ${ms(duringFast)} ms (20 samples each, p99 is their slowest; shared machine; not asserted)`,
	);

	const attackers = [id('attacker', 1), id('attacker', 2)];
	for (const attacker of attackers) {
		await eventually('the attacker’s accepted messages stored', async () => (await storedIn(attacker)) === 20 || undefined, 120_000);
	}
	for (const c of [...customers(50, 20), ...customers(80, 20)]) await answered(c.session);
	for (const attacker of attackers) expect(await storedIn(attacker)).toBe(20);
});

test('50 fresh sessions from one address: 10 chats open, the other 40 are told to wait and leave nothing stored', async () => {
	const answers = [];
	for (let i = 0; i < 50; i++) answers.push(await post(id('fresh', i), '203.0.113.77'));
	expect(answers.map((a) => a.status)).toEqual([...Array(10).fill(200), ...Array(40).fill(429)]);
	expect(await (answers[10] as Response).json()).toEqual({ error: 'Too many new chats from your address: please wait' });
	await eventually('the 10 chats stored', async () => (await storedIn(id('fresh', 9))) === 1 || undefined, 120_000);
	expect(await storedIn(id('fresh', 10))).toBe(0);
	expect(await storedIn(id('fresh', 49))).toBe(0);
});

test('a gzip body that inflates past the size limit is refused and stores nothing; extra fields of an accepted one are not kept', async () => {
	const session = id('gzip', 1);
	const padded = JSON.stringify({ action: 'sendMessage', sessionId: session, clientMessageId: 'zip00000001', text: 'hi', padding: 'x'.repeat(2_000_000) });
	const inflated = await fetch(chatUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-forwarded-for': '203.0.113.88', ...KEY },
		body: gzipSync(padded),
	});
	expect(inflated.status).toBe(413);

	const extra = { action: 'sendMessage', sessionId: session, clientMessageId: 'zip00000002', text: 'hello', padding: 'x'.repeat(5000) };
	const small = await fetch(chatUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.88', ...KEY }, body: JSON.stringify(extra) });
	expect(small.status).toBe(200);
	await eventually('the small message stored', async () => (await storedIn(session)) === 1 || undefined, 120_000);
	// What n8n keeps of the execution is the trigger's envelope, whose raw part holds the schema's fields only.
	const n8nDb = new DatabaseSync(join(center.n8n.userFolder, '.n8n', 'database.sqlite'), { readOnly: true });
	const executions = n8nDb.prepare('SELECT data FROM execution_data').all().map((row) => String(row.data));
	n8nDb.close();
	expect(executions.some((data) => data.includes('zip00000002'))).toBe(true);
	expect(executions.some((data) => data.includes('xxxxxxxxxx'))).toBe(false);
});

test('guessing link codes from 1,000 fresh web chat sessions (each on its own address) links nothing, and supervisors are alerted', async () => {
	const at = new Date();
	const owner = await center.store.conversations.logInbound(
		parseInbound({ channel: 'telegram', account: 'bot', externalId: 'owner-1', conversationKey: '777', sender: { id: '777', name: 'Marta' }, text: 'hi', receivedAt: at.toISOString(), raw: {} }),
	);
	const { code } = await createLinkCode(center.store.db, owner.customer.id, { at });
	const guesses = Array.from({ length: 1000 }, (_, i) => String((i * 7_919_113 + 4_242) % 10 ** CODE_DIGITS).padStart(CODE_DIGITS, '0')).filter((g) => g !== code);
	guesses.splice(500, 0, code);

	const statuses = [];
	for (let wave = 0; wave < guesses.length; wave += 20) {
		const answers = await Promise.all(
			guesses.slice(wave, wave + 20).map((guess, j) => post(id('guess', wave + j), `10.${Math.floor((wave + j) / 250)}.${(wave + j) % 250}.1`, guess)),
		);
		statuses.push(...answers.map((a) => a.status));
	}
	expect(statuses.filter((s) => s === 200)).toHaveLength(guesses.length);

	// The session that typed the live code has been answered: the pipeline is past its lookup.
	await eventually('the live code’s guess answered', async () => {
		const [row] = await center.store.db.query(
			"SELECT COUNT(*) AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.conversation_key = ? AND m.direction = 'out'",
			[id('guess', 500)],
		);
		return Number(row.n) > 0 || undefined;
	}, 300_000);
	await eventually('the alert', async () => (await openAlerts(center.store.db)).some((a) => a.kind === 'link-code-guessing') || undefined, 300_000);
	const card = await loadCard(center.store.db, owner.customer.id);
	expect(card.identities.map((i) => i.channel)).toEqual(['telegram']);
});

test('calls without the site key are refused; a signed customer’s chats join one card; a forged signature is refused', async () => {
	const signed = (customerId: string) => ({ customerId, signature: createHmac('sha256', IDENTITY_SECRET).update(customerId).digest('hex') });
	expect((await post(id('nokey', 1), '192.0.2.10', 'hello', { headers: {} })).status).toBe(403);
	expect((await fetch(`${chatUrl}?after=0`, { headers: { 'X-Chat-Session': id('nokey', 1) } })).status).toBe(403);
	expect((await post(id('forged', 1), '192.0.2.11', 'hello', { fields: { customerId: 'cust-4711', signature: signed('cust-4712').signature } })).status).toBe(403);

	expect((await post(id('laptop', 1), '192.0.2.12', 'hello from my laptop', { fields: signed('cust-4711') })).status).toBe(200);
	expect((await post(id('phone', 1), '192.0.2.13', 'hello from my phone', { fields: signed('cust-4711') })).status).toBe(200);
	const customerOf = async (session: string) => {
		const [row] = await center.store.db.query("SELECT customer_id FROM conversations WHERE channel = 'webchat' AND conversation_key = ?", [session]);
		return row?.customer_id;
	};
	await eventually('both chats stored', async () => ((await customerOf(id('laptop', 1))) && (await customerOf(id('phone', 1)))) || undefined, 120_000);
	expect(await customerOf(id('phone', 1))).toBe(await customerOf(id('laptop', 1)));
	expect(await storedIn(id('nokey', 1))).toBe(0);
	expect(await storedIn(id('forged', 1))).toBe(0);
});

test('only the listed site gets a CORS header; a post from another origin is refused', async () => {
	const elsewhereOrigin = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
	const fromShop = await post(id('cors', 1), '192.0.2.20', 'hello', { headers: { ...KEY, origin: shopOrigin } });
	expect([fromShop.status, fromShop.headers.get('access-control-allow-origin')]).toEqual([200, shopOrigin]);
	const fromElsewhere = await post(id('cors', 2), '192.0.2.21', 'hello', { headers: { ...KEY, origin: elsewhereOrigin } });
	expect([fromElsewhere.status, fromElsewhere.headers.get('access-control-allow-origin')]).toEqual([403, null]);
	const poll = await fetch(`${chatUrl}?after=0`, { headers: { 'X-Chat-Session': id('cors', 1), origin: elsewhereOrigin, ...KEY } });
	expect(poll.headers.get('access-control-allow-origin')).toBeNull();
	// n8n answers preflights itself, before any node runs: reported, not the pack's to change.
	const preflight = await fetch(chatUrl, { method: 'OPTIONS', headers: { origin: elsewhereOrigin, 'access-control-request-method': 'POST' } });
	console.log(`n8n's preflight answer to an unlisted origin: ${preflight.status}, Access-Control-Allow-Origin ${preflight.headers.get('access-control-allow-origin')}`);
});

test('the chat page is framed by the listed site only: another origin is refused by its CSP', async () => {
	const page = await fetch(chatUrl);
	expect(page.headers.get('content-security-policy')).toContain(`frame-ancestors http://127.0.0.1:${(shop.address() as AddressInfo).port}`);

	browser = await launchChromium();
	const framedOn = async (server: Server) => {
		const tab = await browser.newPage();
		await tab.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
		const frame = await eventually('the iframe', () => tab.frames().find((f) => f !== tab.mainFrame()));
		await tab.waitForTimeout(1500);
		const hasChat = await frame.evaluate(() => !!document.getElementById('prechat')).catch(() => false);
		await tab.close();
		return hasChat;
	};
	expect(await framedOn(shop)).toBe(true);
	expect(await framedOn(elsewhere)).toBe(false);
});

test('in a browser, the widget tag carries the key and the signed customer to the chat: the message is stored on that customer', async () => {
	browser ??= await launchChromium();
	const tab = await browser.newPage();
	await tab.goto(`${shopOrigin}/shop`);
	await tab.click('#cc-chat-button');
	const frame = await eventually('the chat frame', () => tab.frames().find((f) => f.url().startsWith(chatUrl)));
	await frame.fill('input[name=name]', 'Widget Customer');
	await frame.fill('input[name=email]', 'widget@example.com');
	await frame.click('#prechat button[type=submit]');
	await frame.fill('#composer textarea', 'Hello from the shop page');
	await frame.click('#composer button[type=submit]');
	const stored = await eventually('the message stored', async () => {
		const [row] = await center.store.db.query(
			"SELECT i.external_user_id AS sender FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN identities i ON i.customer_id = c.customer_id AND i.channel = 'webchat' WHERE m.text = ?",
			['Hello from the shop page'],
		);
		return row;
	}, 120_000);
	expect(stored.sender).toBe('customer:cust-widget-1');
	// The key and the signature travel in the frame URL's fragment, which the browser never sends: the URL n8n sees has no query.
	expect(new URL(frame.url()).search).toBe('');
	await tab.close();
});
