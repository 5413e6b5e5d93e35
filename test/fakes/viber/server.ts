import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { parseViberJson, type ViberUser } from '../../../nodes/shared/channels/viber/schema';
import { viberSignature } from '../../../nodes/shared/channels/viber/signature';
import { callbackBuilders, viberJson, type Callback, type CallbackBuilders } from './callbacks';
import { ENDPOINTS, fail } from './endpoints';
import { FakeViberState, type RecordedCall, type SentMessage, type Webhook } from './state';

/*
 * A fake Viber REST Bot API on 127.0.0.1 that answers like the real one (CHANNELS.md, Viber):
 * server.ts speaks HTTP and offers the test-facing handle, state.ts holds what the account knows,
 * endpoints.ts implements the API over it, callbacks.ts builds what customers send.
 */

export interface FakeViber {
	/** What the credential's base URL is set to (the fake serves the API under /pa). */
	baseUrl: string;
	/** The valid auth token; any other is answered status 2 invalidAuthToken. */
	authToken: string;
	accountId: string;
	calls: RecordedCall[];
	callsTo(endpoint: string): RecordedCall[];
	callbacks: CallbackBuilders;
	/** What the bot delivered to a user, in order. */
	sent(user: ViberUser): SentMessage[];
	/** The next `calls` sends answer tooManyRequests (12). */
	burst(calls: number): void;
	/** The customer left Viber: sends answer receiverNotRegistered (5). */
	unregister(user: ViberUser): void;
	/** The whole account was blocked: sends answer publicAccountBlocked (7). */
	blockAccount(): void;
	/** A URL the fake serves `bytes` at, with its Content-Length, as a customer's or a shop's file server would. */
	hostFile(name: string, bytes: Buffer): string;
	webhook(): Webhook | undefined;
	/**
	 * Posts a callback to the webhook as Viber does (raw int64 tokens, signed). `signature`
	 * overrides the header (null leaves it out) to imitate a forger. Not delivered if the event
	 * type was not subscribed to (message, subscribed and unsubscribed always are).
	 */
	deliver(callback: Callback, opts?: { signature?: string | null }): Promise<Delivery>;
	close(): Promise<void>;
}

export interface Delivery {
	delivered: boolean;
	status: number;
	body: string;
}

const ALWAYS_SENT = ['message', 'subscribed', 'unsubscribed', 'webhook'];

export async function startFakeViber(opts: { accountName?: string } = {}): Promise<FakeViber> {
	const state = new FakeViberState(
		{ id: 'pa:5741311803571721', name: opts.accountName ?? 'Acme Support', uri: 'acmesupport' },
		'4ad5a4f1c62e5ee0-3a1a54b6e6c3f1ab-fake9d7c1e9b2a55',
	);
	const post = (url: string, body: string, signature: string | null) =>
		fetch(url, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', ...(signature === null ? {} : { 'X-Viber-Content-Signature': signature }) },
			body,
		});
	const deliverTo = async (url: string, event: Record<string, unknown>) => {
		const body = viberJson(event);
		// An unreachable URL is answered like a refusing one: set_webhook fails with invalidUrl.
		return post(url, body, viberSignature(state.authToken, body)).then((r) => r.status, () => 0);
	};
	const server = createServer((req, res) => {
		handle(state, req, res, deliverTo).catch((error) => res.writeHead(500).end(String(error)));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const origin = `http://127.0.0.1:${port}`;
	const record = (user: ViberUser) => state.userRecord(user);

	return {
		baseUrl: `${origin}/pa`,
		authToken: state.authToken,
		accountId: state.account.id,
		calls: state.calls,
		callsTo: (endpoint) => state.calls.filter((c) => c.endpoint === endpoint),
		callbacks: callbackBuilders(state),
		sent: (user) => state.users.get(user.id)?.sent ?? [],
		burst: (calls) => void (state.burst = calls),
		unregister: (user) => void (record(user).registered = false),
		blockAccount: () => void (state.accountBlocked = true),
		hostFile(name, bytes) {
			state.files.set(name, bytes);
			return `${origin}/files/${encodeURIComponent(name)}`;
		},
		webhook: () => state.webhook,
		async deliver(callback, deliverOpts = {}) {
			const hook = state.webhook;
			if (!hook) throw new Error('No webhook is set: call set_webhook first');
			if (!ALWAYS_SENT.includes(callback.event) && !hook.eventTypes.includes(callback.event)) return { delivered: false, status: 0, body: '' };
			const body = viberJson(callback);
			const signature = deliverOpts.signature === undefined ? viberSignature(state.authToken, body) : deliverOpts.signature;
			const response = await post(hook.url, body, signature);
			return { delivered: true, status: response.status, body: await response.text() };
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

async function handle(
	state: FakeViberState,
	req: IncomingMessage,
	res: ServerResponse,
	deliver: (url: string, event: Record<string, unknown>) => Promise<number>,
): Promise<void> {
	const url = new URL(req.url ?? '/', 'http://fake');
	const file = /^\/files\/(.+)$/.exec(url.pathname);
	if (file) {
		const bytes = state.files.get(decodeURIComponent(file[1]));
		if (!bytes) return void res.writeHead(404).end();
		res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': bytes.length });
		return void res.end(req.method === 'HEAD' ? undefined : bytes);
	}
	const call = /^\/pa\/([a-z_]+)$/.exec(url.pathname);
	const endpoint = call && ENDPOINTS[call[1]];
	if (!call || !endpoint || req.method !== 'POST') return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found');
	const text = await readBody(req);
	const body = parseBody(text);
	const answer =
		req.headers['x-viber-auth-token'] !== state.authToken ? fail(2) : body ? await endpoint(state, body, deliver) : fail(3, 'the body is not JSON');
	state.calls.push({ endpoint: call[1], body: body ?? {}, at: Date.now(), status: answer.status });
	res.writeHead(200, { 'Content-Type': 'application/json' }).end(viberJson(answer));
}

function parseBody(text: string): Record<string, unknown> | undefined {
	try {
		return text ? (parseViberJson(text) as Record<string, unknown>) : {};
	} catch {
		return undefined;
	}
}

async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}
