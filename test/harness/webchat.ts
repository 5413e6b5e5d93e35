/**
 * Web chat visitors calling n8n as the chat page does, each from an address of its own, and the
 * flood of issue 23 that `e2e/webchat-abuse` checks and `npm run bench:webchat-flood` times.
 * A visitor reaches the chat `direct`ly (n8n's peer is the test, listed as the trigger's trusted
 * proxy, and the visitor's address rides in X-Forwarded-For, as a load balancer would send it) or
 * through the reverse `proxy` (test/harness/nginx.ts) from that address itself: on Linux every
 * 127.x.y.z is this machine, so a visitor binds its connection to its own, which nginx counts and
 * forwards.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';

import { template } from './contact-center';
import { eventually } from './wait';

export const SITE_KEY = 'e2e-shop-site-key-0123456789abcdef';
export const IDENTITY_SECRET = 'e2e-shop-identity-secret-0123456789abcdef';
export const SITE_CREDENTIAL = { id: 'ccWebChatSite01', name: 'Shop Web Chat', type: 'contactCenterWebChatApi', data: { siteKey: SITE_KEY, identitySecret: IDENTITY_SECRET } };

/** The shipped support pipeline, its Web Chat Trigger verifying visitors (the site's key), trusting
 * n8n's loopback peer as its proxy and embedded by `allowedSites` only. */
export function webChatPipeline(allowedSites: string) {
	const pipeline = JSON.parse(readFileSync(template('support-pipeline'), 'utf8'));
	return {
		...pipeline,
		nodes: pipeline.nodes.map((node: { type: string; parameters: object; credentials: object }) =>
			node.type === 'n8n-nodes-contact-center.webChatTrigger'
				? {
						...node,
						parameters: { ...node.parameters, verifyVisitors: true, limits: { trustedProxies: '127.0.0.1, ::1', allowedSites } },
						credentials: { ...node.credentials, contactCenterWebChatApi: { id: SITE_CREDENTIAL.id, name: SITE_CREDENTIAL.name } },
					}
				: node,
		),
	};
}

export type Route = 'direct' | 'proxy';
export const id = (prefix: string, n: number) => `${prefix}${String(n).padStart(16 - prefix.length, '0')}`;
let messages = 0;

/** The web chat at `url` (n8n's own or the proxy's), reached by `route`. */
export function webChat(url: string, route: Route) {
	/** One call from `address`, its answer read whole. */
	const call = (address: string, method: string, target: string, headers: Record<string, string>, body?: string) =>
		new Promise<Response>((done, fail) => {
			const sent = request(
				target,
				route === 'proxy' ? { method, headers, localAddress: address } : { method, headers: { ...headers, 'x-forwarded-for': address } },
				(answer) => {
					const chunks: Buffer[] = [];
					answer.on('data', (chunk: Buffer) => chunks.push(chunk));
					answer.on('error', fail);
					answer.on('end', () => {
						const fields = Object.entries(answer.headers).flatMap(([name, value]) => (Array.isArray(value) ? value.map((v) => [name, v]) : value === undefined ? [] : [[name, value]]));
						done(new Response(Buffer.concat(chunks), { status: answer.statusCode, headers: fields as Array<[string, string]> }));
					});
				},
			);
			sent.on('error', fail);
			sent.end(body);
		});

	const key = { 'x-chat-key': SITE_KEY };
	return {
		url,
		/** A message as the page sends it; `headers` replace the site's key header. */
		post(sessionId: string, address: string, text = 'Where is my order?', { headers = key, fields = {} }: { headers?: Record<string, string>; fields?: object } = {}) {
			const body = JSON.stringify({ action: 'sendMessage', sessionId, clientMessageId: id('m', ++messages), text, profile: { name: 'Visitor' }, ...fields });
			return call(address, 'POST', url, { 'content-type': 'application/json', 'x-chat-session': sessionId, ...headers }, body);
		},
		/** The chat's lines after `after`, as the page polls them. */
		history(sessionId: string, address: string, { headers = key, after = 0 }: { headers?: Record<string, string>; after?: number } = {}) {
			return call(address, 'GET', `${url}?after=${after}`, { 'x-chat-session': sessionId, ...headers });
		},
	};
}

export type WebChat = ReturnType<typeof webChat>;

/** A message's status, how long its answer took and when it was sent (epoch ms). */
export async function timed(chat: WebChat, sessionId: string, address: string): Promise<{ status: number; ms: number; sentAt: number }> {
	const [sentAt, started] = [Date.now(), performance.now()];
	const answer = await chat.post(sessionId, address);
	return { status: answer.status, ms: performance.now() - started, sentAt };
}

/** Resolves once the chat's history holds an answer. */
export async function answered(chat: WebChat, sessionId: string, address: string): Promise<void> {
	await eventually(`${sessionId} answered`, async () => {
		const { lines } = (await (await chat.history(sessionId, address)).json()) as { lines: Array<{ from: string }> };
		return lines.some((l) => l.from === 'agent') || undefined;
	}, 120_000);
}

/** `count` customers, each writing from an address of its own: `${network}.1`, `${network}.2` … */
export const customers = (prefix: string, network: string, count: number) =>
	Array.from({ length: count }, (_, i) => ({ session: id(prefix, i + 1), address: `${network}.${i + 1}` }));

export interface Refusal {
	status: number;
	retryAfter: string | null;
	/** The answer's `error`: the trigger's reason, or the proxy's. */
	error?: string;
	/** Whether n8n's request hook gave the trigger's refusal before n8n's webhook work (earlyRefusalHook.ts). */
	early: boolean;
}

/**
 * Answers to a 300-message flood from one chat (or a chat of its own for each message: `attacker`
 * a function of the message's number): 30 waves of 10 concurrent POSTs, each wave `everyMs`
 * after the last began (or, at 0, as soon as it is answered), from `from` (several addresses: the
 * messages take them in turn). A wave waits for the answers of the one before unless
 * `overlapping`, as a script that never reads its answers sends on regardless. `until`: waves go
 * on at that pace until it settles instead of stopping at 30 (a flood that outlasts a measurement).
 */
export async function flood(
	chat: WebChat,
	attacker: string | ((message: number) => string),
	from: string | string[],
	everyMs: number,
	{ overlapping = false, until }: { overlapping?: boolean; until?: Promise<unknown> } = {},
) {
	const addresses = [from].flat();
	const refusal = async (answer: Response): Promise<Refusal> => {
		const { error } = answer.status === 200 ? {} : ((await answer.json().catch(() => ({}))) as { error?: string });
		return { status: answer.status, retryAfter: answer.headers.get('retry-after'), error, early: answer.headers.get('x-chat-refused') === 'early' };
	};
	const started = performance.now();
	const waves: Array<Promise<Refusal[]>> = [];
	let over = false;
	void until?.then(() => (over = true));
	for (let wave = 0; until ? !over : wave < 30; wave++) {
		const began = performance.now();
		const answered10 = Promise.all(Array.from({ length: 10 }, (_, i) => chat.post(typeof attacker === 'string' ? attacker : attacker(wave * 10 + i), addresses[(wave * 10 + i) % addresses.length]).then(refusal)));
		waves.push(answered10);
		if (!overlapping) await answered10;
		await new Promise((wake) => setTimeout(wake, Math.max(0, everyMs - (performance.now() - began))));
	}
	const answers = (await Promise.all(waves)).flat();
	return { answers, seconds: (performance.now() - started) / 1000 };
}

/**
 * The `others` write while `flooding` runs, each POST timed. `everyMs` > 0: customer i writes at
 * i × everyMs from the start whether or not the ones before were answered, as customers arrive
 * (a slow answer delays no one else's start, so each timing is what that customer met); 0: one
 * after the other.
 */
export async function othersDuring(chat: WebChat, others: Array<{ session: string; address: string }>, everyMs: number, flooding: Promise<unknown>) {
	const sleep = (ms: number) => new Promise((wake) => setTimeout(wake, Math.max(0, ms)));
	const started = performance.now();
	const during: Array<ReturnType<typeof timed>> = [];
	for (const [i, c] of others.entries()) {
		await sleep(started + i * everyMs - performance.now());
		const timing = timed(chat, c.session, c.address);
		during.push(timing);
		if (everyMs === 0) await timing;
	}
	const timings = await Promise.all(during);
	await flooding;
	return timings;
}

const percentile = (share: number) => (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(values.length * share) - 1];
export const [p50, p99] = [percentile(0.5), percentile(0.99)];
