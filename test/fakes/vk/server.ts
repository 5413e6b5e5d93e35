import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { eventBuilders, type EventBuilders, type VkEvent } from './events';
import { fail, METHODS, type Answer } from './methods';
import { FakeVkState, type CallbackServer, type RecordedCall, type SentMessage, type VkUser } from './state';

/*
 * A fake VK API and Callback API sender on 127.0.0.1 that behaves like the real one (CHANNELS.md, VK):
 * server.ts speaks HTTP and offers the test-facing handle, state.ts holds what the community knows,
 * methods.ts implements the API methods over it, events.ts builds what customers cause.
 */

export interface FakeVk {
	/** What the credential's base URL is set to (the fake serves the API under /method). */
	baseUrl: string;
	/** The valid community token; any other is answered error 5. */
	token: string;
	groupId: number;
	/** The string VK expects the Callback server to answer a confirmation with. */
	confirmation: string;
	calls: RecordedCall[];
	callsTo(method: string): RecordedCall[];
	events: EventBuilders;
	/** What the community delivered to a user, in order. */
	sent(user: VkUser): SentMessage[];
	/** The next `calls` sends answer error 6 (too many requests per second). */
	tooManyPerSecond(calls: number): void;
	/** The next `calls` sends answer error 9 (flood control). */
	flood(calls: number): void;
	/** The customer's privacy settings refuse messages from communities: sends answer 902. */
	closePrivacy(user: VkUser): void;
	/**
	 * Adds a Callback server as the community settings do: VK posts a confirmation and keeps
	 * the server only if the answer is the confirmation string. Returns whether it was confirmed.
	 */
	addCallbackServer(url: string, secret?: string): Promise<boolean>;
	callbackServer(): CallbackServer | undefined;
	/**
	 * Posts an event to the confirmed Callback server, with the secret; `secret` overrides it
	 * (null leaves it out) to imitate a forger. VK counts only a body of exactly `ok` as delivered.
	 */
	deliver(event: VkEvent, opts?: { secret?: string | null }): Promise<Delivery>;
	close(): Promise<void>;
}

export interface Delivery {
	status: number;
	body: string;
	/** Whether VK would consider it delivered (HTTP 200 and body `ok`), rather than retry it. */
	acknowledged: boolean;
}

const LIMIT_PER_SECOND = 20;

export async function startFakeVk(): Promise<FakeVk> {
	const state = new FakeVkState({ id: 218_765_432, name: 'Acme Support', screen_name: 'acme_support' }, `vk1.a.fake-community-token-${Date.now().toString(36)}`, '7f3c91ab');
	const server = createServer((req, res) => {
		handle(state, req, res).catch((error) => res.writeHead(500).end(String(error)));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const post = async (url: string, event: object) => {
		const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(event) });
		const body = await response.text();
		return { status: response.status, body, acknowledged: response.status === 200 && body === 'ok' };
	};

	return {
		baseUrl: `http://127.0.0.1:${port}/method`,
		token: state.token,
		groupId: state.community.id,
		confirmation: state.confirmation,
		calls: state.calls,
		callsTo: (method) => state.calls.filter((c) => c.method === method),
		events: eventBuilders(state),
		sent: (user) => state.users.get(user.id)?.sent ?? [],
		tooManyPerSecond: (calls) => void (state.forced.tooManyPerSecond = calls),
		flood: (calls) => void (state.forced.flood = calls),
		closePrivacy: (user) => void (state.userRecord(user).privacyClosed = true),
		async addCallbackServer(url, secret) {
			const answer = await post(url, { type: 'confirmation', group_id: state.community.id, ...(secret ? { secret } : {}) });
			const confirmed = answer.status === 200 && answer.body === state.confirmation;
			state.server = confirmed ? { url, secret, confirmed } : undefined;
			return confirmed;
		},
		callbackServer: () => state.server,
		async deliver(event, opts = {}) {
			if (!state.server) throw new Error('No Callback server is confirmed: call addCallbackServer first');
			const secret = opts.secret === undefined ? state.server.secret : (opts.secret ?? undefined);
			return post(state.server.url, { ...event, ...(secret === undefined ? {} : { secret }) });
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

async function handle(state: FakeVkState, req: IncomingMessage, res: ServerResponse): Promise<void> {
	const url = new URL(req.url ?? '/', 'http://fake');
	const call = /^\/method\/([a-zA-Z]+\.[a-zA-Z]+)$/.exec(url.pathname);
	if (!call) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found');
	const params = { ...Object.fromEntries(url.searchParams), ...Object.fromEntries(new URLSearchParams(await readBody(req))) };
	const answer = answerCall(state, call[1], params);
	const { access_token: _token, ...recorded } = params;
	state.calls.push({ method: call[1], params: recorded, at: Date.now(), errorCode: 'error' in answer ? answer.error.error_code : 0 });
	res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer));
}

function answerCall(state: FakeVkState, name: string, params: Record<string, string>): Answer {
	if (params.access_token !== state.token) return fail(5, params);
	if (!params.v) return fail(8, params);
	// VK counts every request a token makes, refused ones included, within a second.
	const now = Date.now();
	const recent = (state.arrivals.get(params.access_token) ?? []).filter((at) => now - at < 1000);
	recent.push(now);
	state.arrivals.set(params.access_token, recent);
	if (recent.length > LIMIT_PER_SECOND) return fail(6, params);
	const method = METHODS[name];
	return method ? method(state, params) : fail(3, params);
}

async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}
