import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { BotUser, Message, Update } from '../../../nodes/shared/channels/telegram/schema';
import { FORUM_METHODS, forumHandle, type ForumHandle } from './forum';
import { fail, METHODS, type Reply } from './methods';
import { FakeBotState, type RecordedCall, type Webhook } from './state';
import { updateBuilders, type UpdateBuilders } from './updates';

/*
 * A fake Telegram Bot API on 127.0.0.1 that answers like the real one (CHANNELS.md, Telegram):
 * server.ts speaks HTTP and offers the test-facing handle, state.ts holds what the bot knows,
 * methods.ts implements the Bot API methods over it, updates.ts builds what customers send.
 */

export interface FakeTelegram {
	baseUrl: string;
	/** A valid token of the fake bot; any other token is answered 401 Unauthorized. */
	token: string;
	botId: number;
	bot: BotUser;
	/** Every call with a valid token, in arrival order. */
	calls: RecordedCall[];
	callsTo(method: string): RecordedCall[];
	updates: UpdateBuilders;
	/** Forum supergroups where operators work (team chat). */
	forum: ForumHandle;
	/** What the bot delivered to a chat, in order. */
	sent(chatId: number | string): Message[];
	/** What the bot delivered as a business account to one of its chats, in order. */
	businessSent(connectionId: string, chatId: number | string): Message[];
	/** The business account's owner takes the bot off: sends through the connection are refused. */
	disconnectBusiness(connectionId: string): void;
	/** The customer blocks the bot: sends to the chat answer 403. */
	block(chatId: number | string): void;
	/** The chat stops existing for the bot: sends answer 400 chat not found. */
	forget(chatId: number | string): void;
	/** The next `calls` sends answer 429 with retry_after, and so does any send before that wait is over. */
	rateLimit(calls: number, retryAfterSeconds?: number): void;
	webhook(): Webhook | undefined;
	/**
	 * Posts an update to the registered webhook as Telegram does (JSON, secret header); a method
	 * named in a JSON reply is run like Telegram runs it. `secretToken` overrides the header
	 * (null leaves it out) to imitate a forger. Not delivered if allowed_updates excludes it.
	 */
	deliver(update: Update, opts?: { secretToken?: string | null }): Promise<Delivery>;
	close(): Promise<void>;
}

export interface Delivery {
	delivered: boolean;
	status: number;
	body: string;
}

export async function startFakeTelegram(opts: { botId?: number; username?: string } = {}): Promise<FakeTelegram> {
	const botId = opts.botId ?? 7_000_000_001;
	const token = `${botId}:AAH-fake_${botId.toString(36)}-token`;
	const bot: BotUser = {
		id: botId,
		is_bot: true,
		first_name: 'Support',
		username: opts.username ?? 'acme_support_bot',
		can_join_groups: true,
		can_read_all_group_messages: false,
		supports_inline_queries: false,
	};
	const state = new FakeBotState(bot, token);
	const server = createServer((req, res) => {
		handle(state, req, res).catch((error) => {
			res.writeHead(500).end(String(error));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const chat = (id: number | string) => {
		const record = state.chats.get(Number(id));
		if (!record) throw new Error(`the fake has no chat ${id}`);
		return record;
	};

	return {
		baseUrl: `http://127.0.0.1:${port}`,
		token,
		botId,
		bot,
		calls: state.calls,
		callsTo: (method) => state.calls.filter((c) => c.method === method),
		updates: updateBuilders(state),
		forum: forumHandle(state),
		sent: (chatId) => state.chats.get(Number(chatId))?.sent ?? [],
		businessSent: (connectionId, chatId) => state.businessConnections.get(connectionId)?.chats.get(Number(chatId))?.sent ?? [],
		disconnectBusiness: (connectionId) => void (state.businessConnections.get(connectionId)!.enabled = false),
		block: (chatId) => void (chat(chatId).blocked = true),
		forget: (chatId) => void state.chats.delete(Number(chatId)),
		rateLimit: (calls, retryAfterSeconds = 1) => Object.assign(state.limit, { pending: calls, retryAfter: retryAfterSeconds }),
		webhook: () => state.webhook,
		deliver: (update, deliverOpts = {}) => deliver(state, update, deliverOpts.secretToken),
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

async function handle(state: FakeBotState, req: IncomingMessage, res: ServerResponse): Promise<void> {
	const url = new URL(req.url ?? '/', 'http://fake');
	const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
	if (download) {
		const stored = [...state.files.values()].find((f) => f.file.file_path === download[2]);
		if (download[1] !== state.token || !stored) return void res.writeHead(404).end('Not Found');
		return void res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(stored.bytes);
	}
	const call = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
	if (!call) return reply(res, fail(404, 'Not Found'));
	if (call[1] !== state.token) return reply(res, fail(401, 'Unauthorized'));
	const body = await readBody(req);
	const params = { ...Object.fromEntries(url.searchParams), ...parseParams(body, req.headers['content-type'] ?? '') };
	reply(res, run(state, call[2], params));
}

/** Method names are case-insensitive on Telegram. */
function run(state: FakeBotState, name: string, params: Record<string, unknown>, viaWebhookReply = false): Reply {
	const methods = { ...METHODS, ...FORUM_METHODS };
	const method = Object.keys(methods).find((m) => m.toLowerCase() === name.toLowerCase());
	const answer = method ? methods[method](state, params) : fail(404, 'Not Found');
	state.calls.push({ method: method ?? name, params, at: Date.now(), status: answer.status, ...(viaWebhookReply ? { viaWebhookReply } : {}) });
	return answer;
}

function reply(res: ServerResponse, answer: Reply): void {
	res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer.body));
}

/** JSON or form bodies; in a form, object-valued parameters (reply_markup, allowed_updates) are JSON text. */
function parseParams(body: string, contentType: string): Record<string, unknown> {
	if (!body) return {};
	if (contentType.includes('application/json')) return JSON.parse(body) as Record<string, unknown>;
	const params: Record<string, unknown> = {};
	for (const [key, value] of new URLSearchParams(body)) {
		params[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
	}
	return params;
}

async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

/** Kinds Telegram sends only to a webhook that names them in allowed_updates. */
const OPT_IN_UPDATES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

async function deliver(state: FakeBotState, update: Update, secretOverride: string | null | undefined): Promise<Delivery> {
	const hook = state.webhook;
	if (!hook) throw new Error('No webhook is set: call setWebhook first');
	const kind = Object.keys(update).find((k) => k !== 'update_id') ?? '';
	const allowed = hook.allowedUpdates?.length ? hook.allowedUpdates.includes(kind) : !OPT_IN_UPDATES.has(kind);
	if (!allowed) return { delivered: false, status: 0, body: '' };
	const secret = secretOverride === undefined ? hook.secretToken : secretOverride;
	const response = await fetch(hook.url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', ...(secret === null || secret === undefined ? {} : { 'X-Telegram-Bot-Api-Secret-Token': secret }) },
		body: JSON.stringify(update),
	});
	const body = await response.text();
	if (!response.ok) {
		Object.assign(hook, {
			lastErrorDate: Math.floor(Date.now() / 1000),
			lastErrorMessage: `Wrong response from the webhook: ${response.status} ${response.statusText}`,
		});
	} else if (response.headers.get('content-type')?.includes('application/json') && body) {
		const { method, ...params } = JSON.parse(body) as { method?: string };
		if (method) run(state, method, params, true);
	}
	return { delivered: true, status: response.status, body };
}

/** The labels of the inline buttons under a message the bot sent. */
export function buttonLabels(message: Message): string[] {
	const markup = message.reply_markup as { inline_keyboard?: Array<Array<{ text: string }>> } | undefined;
	return (markup?.inline_keyboard ?? []).flat().map((b) => b.text);
}
