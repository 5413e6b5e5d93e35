/**
 * When something breaks inside one of the pack's webhooks (here: the store cannot be opened, its
 * folder cannot be made), the caller gets a short 500 that says nothing about why or where: no
 * stack, no file path, no error text. The whole error goes to n8n's log. Each trigger answers a
 * real HTTP request over loopback, as n8n hands it the request and response objects.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { OperatorDeskTrigger } from '../../../nodes/OperatorDeskTrigger/OperatorDeskTrigger.node';
import { PhoneCallTrigger } from '../../../nodes/PhoneCallTrigger/PhoneCallTrigger.node';
import { TelegramTrigger } from '../../../nodes/TelegramTrigger/TelegramTrigger.node';
import { WebChatTrigger } from '../../../nodes/WebChatTrigger/WebChatTrigger.node';
import { INTERNAL_ERROR } from '../../../nodes/node-kit/webhook';
import { webhookSecretToken } from '../../../nodes/shared/channels/telegram';

/** Where the broken store credential points: "inside" this test file, a folder that cannot be made. */
const MISSING_STORE = `${__filename}/contact-center-store.sqlite`;

type Webhook = (this: IWebhookFunctions) => Promise<IWebhookResponseData>;

/** The parts of n8n's webhook context the triggers use, over a real request and response. */
function contextFor(req: IncomingMessage & { rawBody?: Buffer }, res: ServerResponse, parameters: Record<string, unknown>, logged: string[]): IWebhookFunctions {
	const express = Object.assign(res, { status: (code: number) => ((res.statusCode = code), res) });
	const body = req.rawBody?.length ? JSON.parse(req.rawBody.toString('utf8')) : {};
	const credentials: Record<string, object> = {
		contactCenterStoreApi: { backend: 'sqlite', sqliteFile: MISSING_STORE },
		contactCenterTelegramApi: { accessToken: TELEGRAM_TOKEN },
		contactCenterPhoneApi: { platform: 'generic', secret: 'pbx-secret' },
	};
	return {
		getNodeParameter: (name: string, fallback?: unknown) => parameters[name] ?? fallback,
		getRequestObject: () => req,
		getResponseObject: () => express,
		getHeaderData: () => req.headers,
		getQueryData: () => Object.fromEntries(new URL(req.url ?? '/', 'http://n8n.local').searchParams),
		getBodyData: () => body,
		getNodeWebhookUrl: () => 'http://n8n.local/webhook/webchat',
		getCredentials: async (type: string) => credentials[type],
		getNode: () => ({ name: 'Trigger', credentials: {} }),
		getWorkflow: () => ({ id: 'wf-1' }),
		getMode: () => 'webhook',
		logger: { error: (message: string, meta: { stack?: string }) => logged.push(`${message}\n${meta.stack}`), warn: () => undefined },
	} as unknown as IWebhookFunctions;
}

async function answerOf(webhook: Webhook, parameters: Record<string, unknown>, request: RequestInit & { path?: string }) {
	const logged: string[] = [];
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			void webhook.call(contextFor(Object.assign(req, { rawBody: Buffer.concat(chunks) }), res, parameters, logged));
		});
	});
	await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
	try {
		// A webhook that lets an error escape never answers: the call times out instead of hanging the test.
		const answer = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${request.path ?? '/'}`, { ...request, signal: AbortSignal.timeout(5000) });
		return { status: answer.status, body: await answer.text(), logged };
	} finally {
		server.close();
	}
}

const TELEGRAM_TOKEN = '123456:test-token';
const json = (body: object, headers: Record<string, string> = {}): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe.each([
	['the web chat', new WebChatTrigger().webhook as Webhook, { site: 'shop', limits: {} }, json({ action: 'sendMessage', sessionId: 'visitor-session-0001-abcdef', clientMessageId: 'msg-00000001', text: 'hello' })],
	['the desk API', new OperatorDeskTrigger().webhook as Webhook, { trustedProxies: '', idleMinutes: 60, absoluteHours: 12, ratingQuestion: '' }, json({ action: 'signIn', login: 'olga', password: 'wrong password' })],
	['the phone webhook', new PhoneCallTrigger().webhook as Webhook, { account: 'pbx', messengers: '', texts: {}, events: [] }, json({ event: 'started', callId: 'c1', from: '+380501112233' })],
	['a channel webhook (Telegram)', new TelegramTrigger().webhook as Webhook, {}, json({ update_id: 1, message: { message_id: 1, date: 1_790_000_000, chat: { id: 7, type: 'private' }, from: { id: 7, is_bot: false, first_name: 'Marta' }, text: 'hi' } }, { 'x-telegram-bot-api-secret-token': webhookSecretToken(TELEGRAM_TOKEN) })],
])('an internal error in %s', (_where, webhook, parameters, request) => {
	test('is answered with a short 500 without stack, path or error text, and logged in full', async () => {
		const answer = await answerOf(webhook, parameters, request);
		if (answer.status !== 500) throw new Error(`expected the broken store to fail the call, got ${answer.status}: ${answer.body}`);
		expect(JSON.parse(answer.body)).toEqual({ error: INTERNAL_ERROR });
		expect(answer.body).not.toMatch(/\bat \S+ \(|\/work|\.ts\b|node_modules|sqlite|ENOTDIR|mkdir/i);
		expect(answer.logged.join('\n')).toContain('Contact center webhook failed');
		expect(answer.logged.join('\n')).toMatch(/\n\s+at /);
	});
});
