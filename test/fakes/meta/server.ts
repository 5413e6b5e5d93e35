import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { graphError, route, type Reply } from './graph';
import { FakeMetaState, type Customer, type Platform, type RecordedCall } from './state';
import { webhookBuilders, type WebhookBuilders } from './webhooks';

/*
 * One fake Graph API on 127.0.0.1 for WhatsApp Cloud, Messenger and Instagram (CHANNELS.md, Meta):
 * server.ts speaks HTTP and offers the test-facing handle, state.ts holds what Meta knows,
 * graph.ts implements the endpoints over it, webhooks.ts builds what customers send.
 */

export interface FakeMeta {
	baseUrl: string;
	appSecret: string;
	whatsapp: { token: string; phoneNumberId: string };
	messenger: { token: string; pageId: string };
	/** Facebook login: the linked page's token and id send, the Instagram account id names webhooks. */
	instagram: { token: string; pageId: string; igAccountId: string };
	calls: RecordedCall[];
	/** Sends (POST …/messages) on one platform, in arrival order. */
	sendCalls(platform: Platform): RecordedCall[];
	webhooks: WebhookBuilders;
	/** What the customer received from us, in order. */
	sent(platform: Platform, customerId: string): Customer['sent'];
	/** Sets when the customer last wrote, which opens or closes the customer-service window. */
	customerWrote(platform: Platform, customerId: string, at: Date): void;
	undeliverable(waId: string): void;
	unavailable(platform: Platform, customerId: string): void;
	/** The next `calls` sends are refused for throughput: 130429 on WhatsApp, code 4 on Messenger/Instagram. */
	throttle(calls: number): void;
	pairRate(burst: number, windowMs?: number): void;
	approveTemplate(name: string, language: string): void;
	expireToken(platform: Platform): void;
	/**
	 * Verifies a callback URL like the app dashboard does (GET with hub.mode, hub.challenge,
	 * hub.verify_token) and, if it echoes the challenge, sends `object`'s webhooks there.
	 */
	subscribe(object: 'whatsapp_business_account' | 'page' | 'instagram', url: string, verifyToken: string): Promise<{ status: number; body: string; subscribed: boolean }>;
	/**
	 * Posts a webhook body to the URL subscribed for its object, signed as Meta signs it.
	 * `signature` overrides the header (null leaves it out); `alter` changes the bytes after signing.
	 */
	deliver(body: { object: string }, opts?: { signature?: string | null; alter?: (raw: string) => string; secret?: string }): Promise<{ status: number; body: string }>;
	close(): Promise<void>;
}

export async function startFakeMeta(): Promise<FakeMeta> {
	const state = new FakeMetaState('fake-app-secret-5f2c9a7e1b', '17841400000000042', {
		whatsapp: { platform: 'whatsapp', id: '106540352242922', token: 'EAAwhatsappFakeSystemUserToken', name: 'Acme Support' },
		messenger: { platform: 'messenger', id: '101112223334445', token: 'EAAmessengerFakePageToken', name: 'Acme' },
		instagram: { platform: 'instagram', id: '101112223339999', token: 'EAAinstagramFakePageToken', name: 'Acme Instagram Page' },
	});
	const server = createServer((req, res) => {
		handle(state, req, res).catch((error) => res.writeHead(500).end(String(error)));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const { whatsapp, messenger, instagram } = state.accounts;

	return {
		baseUrl: `http://127.0.0.1:${port}`,
		appSecret: state.appSecret,
		whatsapp: { token: whatsapp.token, phoneNumberId: whatsapp.id },
		messenger: { token: messenger.token, pageId: messenger.id },
		instagram: { token: instagram.token, pageId: instagram.id, igAccountId: state.igAccountId },
		calls: state.calls,
		sendCalls: (platform) => state.calls.filter((c) => c.platform === platform && c.method === 'POST'),
		webhooks: webhookBuilders(state),
		sent: (platform, id) => state.accounts[platform].customers.get(id)?.sent ?? [],
		customerWrote: (platform, id, at) => void (state.customer(platform, id).lastInboundAt = at.getTime()),
		undeliverable: (waId) => void (state.customer('whatsapp', waId).undeliverable = true),
		unavailable: (platform, id) => void (state.customer(platform, id).unavailable = true),
		throttle: (calls) => void (state.throttled = calls),
		pairRate: (burst, windowMs = 6_000) => void (state.pairRate = { burst, windowMs }),
		approveTemplate: (name, language) => void state.templates.add(`${name}:${language}`),
		expireToken: (platform) => void (state.accounts[platform].tokenExpired = true),
		async subscribe(object, url, verifyToken) {
			const challenge = String(1_000_000_000 + Math.floor(Math.random() * 1e9));
			const query = new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.challenge': challenge, 'hub.verify_token': verifyToken });
			const response = await fetch(`${url}?${query}`);
			const body = await response.text();
			const subscribed = response.status === 200 && body === challenge;
			if (subscribed) state.subscriptions.set(object, url);
			return { status: response.status, body, subscribed };
		},
		async deliver(body, opts = {}) {
			const url = state.subscriptions.get(body.object);
			if (!url) throw new Error(`No callback URL is verified for object "${body.object}": call subscribe first`);
			const raw = JSON.stringify(body);
			const secret = opts.secret ?? state.appSecret;
			const signed = opts.signature === undefined ? `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}` : opts.signature;
			const response = await fetch(url, {
				method: 'POST',
				headers: {
					'Content-Type': 'application/json',
					...(signed === null ? {} : { 'X-Hub-Signature-256': signed, 'X-Hub-Signature': `sha1=${createHmac('sha1', secret).update(raw).digest('hex')}` }),
				},
				body: opts.alter ? opts.alter(raw) : raw,
			});
			return { status: response.status, body: await response.text() };
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

async function handle(state: FakeMetaState, req: IncomingMessage, res: ServerResponse): Promise<void> {
	const url = new URL(req.url ?? '/', 'http://fake');
	const query = Object.fromEntries(url.searchParams);
	const raw = await readBody(req);
	let body: Record<string, unknown> = {};
	try {
		body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
	} catch {
		return reply(res, graphError(400, 100, '(#100) The request body is not valid JSON'));
	}
	const versioned = /^\/v\d+(?:\.\d+)?\/(.+)$/.exec(url.pathname);
	const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
	const token = bearer ?? query.access_token;
	const method = req.method ?? 'GET';
	const { account, reply: answer }: { account?: { platform: Platform }; reply: Reply } = versioned
		? route(state, { method, path: versioned[1].replace(/\/+$/, ''), token, body })
		: { reply: graphError(400, 2500, 'Unknown path components: ' + url.pathname) };
	const errorCode = (answer.body as { error?: { code: number } }).error?.code;
	state.calls.push({ platform: account?.platform, method, path: url.pathname, query, body, at: Date.now(), status: answer.status, ...(errorCode ? { errorCode } : {}) });
	reply(res, answer);
}

function reply(res: ServerResponse, answer: Reply): void {
	res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer.body));
}

async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}
