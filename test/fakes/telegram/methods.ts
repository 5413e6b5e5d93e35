import type { ApiAnswer, Message, TelegramFile, WebhookInfo } from '../../../nodes/shared/channels/telegram/schema';
import { threadOf } from './forum';
import type { BusinessConnectionRecord, ChatRecord, FakeBotState } from './state';

/** An answer as Telegram gives it: the HTTP status equals error_code. */
export interface Reply {
	status: number;
	body: ApiAnswer;
}

type Params = Record<string, unknown>;
export type Method = (state: FakeBotState, params: Params) => Reply;

const ok = (result: unknown, description?: string): Reply => ({
	status: 200,
	body: description ? { ok: true, result, description } : { ok: true, result },
});

export const fail = (code: number, description: string, parameters?: { retry_after: number }): Reply => ({
	status: code,
	body: parameters ? { ok: false, error_code: code, description, parameters } : { ok: false, error_code: code, description },
});

const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;
const now = () => Math.floor(Date.now() / 1000);

/** The Bot API methods the fake serves; any other name answers 404 Not Found, as Telegram does. */
export const METHODS: Record<string, Method> = {
	getMe: (state) => ok(state.bot),

	setWebhook(state, p) {
		const url = String(p.url ?? '');
		if (!url) return removeWebhook(state, 'Webhook was deleted');
		// Telegram also demands HTTPS on port 443/80/88/8443; the fake accepts loopback HTTP for tests.
		if (!/^https?:\/\//.test(url)) return fail(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
		const secretToken = p.secret_token === undefined ? undefined : String(p.secret_token);
		if (secretToken !== undefined && !SECRET_TOKEN.test(secretToken)) {
			return fail(400, 'Bad Request: secret token contains unallowed characters or has a wrong length');
		}
		const allowedUpdates = p.allowed_updates as string[] | undefined;
		state.webhook = { url, secretToken, allowedUpdates };
		return ok(true, 'Webhook was set');
	},

	deleteWebhook: (state) => removeWebhook(state, state.webhook ? 'Webhook was deleted' : 'Webhook is already deleted'),

	getWebhookInfo(state) {
		const hook = state.webhook;
		const info: WebhookInfo = { url: hook?.url ?? '', has_custom_certificate: false, pending_update_count: 0 };
		if (hook) {
			Object.assign(info, { max_connections: 40, allowed_updates: hook.allowedUpdates });
			if (hook.lastErrorDate) Object.assign(info, { last_error_date: hook.lastErrorDate, last_error_message: hook.lastErrorMessage });
		}
		return ok(info);
	},

	sendMessage(state, p) {
		const text = String(p.text ?? '');
		if (!text) return fail(400, 'Bad Request: message text is empty');
		if (text.length > 4096) return fail(400, 'Bad Request: message is too long');
		return deliver(state, p, { text });
	},

	sendPhoto: (state, p) =>
		withMedia(state, p, 'photo', (file) => ({
			photo: [
				{ ...file, file_unique_id: `${file.file_unique_id}s`, width: 90, height: 67 },
				{ ...file, width: 1280, height: 960 },
			],
		})),

	sendDocument: (state, p) => withMedia(state, p, 'document', (file) => ({ document: { ...file, file_name: 'document' } })),

	answerCallbackQuery(state, p) {
		if (!state.openCallbackQueries.delete(String(p.callback_query_id))) {
			return fail(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
		}
		return ok(true);
	},

	getFile(state, p) {
		const stored = state.files.get(String(p.file_id ?? ''));
		return stored ? ok(stored.file) : fail(400, 'Bad Request: invalid file_id');
	},
};

function removeWebhook(state: FakeBotState, description: string): Reply {
	state.webhook = undefined;
	return ok(true, description);
}

function withMedia(
	state: FakeBotState,
	p: Params,
	field: 'photo' | 'document',
	content: (file: TelegramFile) => Partial<Message>,
): Reply {
	const source = String(p[field] ?? '');
	if (!source) return fail(400, `Bad Request: there is no ${field} in the request`);
	const known = state.files.get(source)?.file;
	// Telegram fetches a URL itself; the fake stores the URL as the file's bytes instead.
	const file = known ?? (/^https?:\/\//.test(source) ? state.addFile(Buffer.from(source), `${field}s`, 'bin') : undefined);
	if (!file) return fail(400, 'Bad Request: wrong file identifier/HTTP URL specified');
	const caption = p.caption === undefined ? undefined : String(p.caption);
	if (caption && caption.length > 1024) return fail(400, 'Bad Request: message caption is too long');
	const { file_path: _path, ...ref } = file;
	return deliver(state, p, { ...content(ref), ...(caption ? { caption } : {}) });
}

/** The checks and bookkeeping every send shares: rate limit, recipient, keyboard, then the Message. */
function deliver(state: FakeBotState, p: Params, content: Partial<Message>): Reply {
	const limited = rateLimited(state);
	if (limited) return limited;
	const business = p.business_connection_id === undefined ? undefined : state.businessConnections.get(String(p.business_connection_id));
	if (p.business_connection_id !== undefined && !business?.enabled) return fail(400, 'Bad Request: business connection not found');
	const target = business ? businessPeer(business, p.chat_id) : recipient(state, p.chat_id);
	if ('status' in target) return target;
	const keyboardError = checkKeyboard(p.reply_markup);
	if (keyboardError) return keyboardError;
	const thread = threadOf(target, p.message_thread_id);
	if ('status' in thread) return thread;
	const message: Message = {
		message_id: target.nextMessageId++,
		// Through a business connection the bot speaks as the business account.
		from: business ? business.owner : { id: state.bot.id, is_bot: true, first_name: state.bot.first_name, username: state.bot.username },
		...(business ? { business_connection_id: business.id, sender_business_bot: { ...state.bot } } : {}),
		chat: target.chat,
		date: now(),
		...thread,
		...content,
		...(p.reply_markup ? { reply_markup: p.reply_markup } : {}),
	};
	target.sent.push(message);
	return ok(message);
}

function recipient(state: FakeBotState, chatId: unknown): ChatRecord | Reply {
	if (chatId === undefined || chatId === '') return fail(400, 'Bad Request: chat_id is empty');
	const chat = state.chats.get(Number(chatId));
	if (!chat) return fail(400, 'Bad Request: chat not found');
	if (chat.blocked) return fail(403, 'Forbidden: bot was blocked by the user');
	return chat;
}

/** Only chats of the business account where the customer has written (Telegram: within the last 24 hours). */
function businessPeer(connection: BusinessConnectionRecord, chatId: unknown): ChatRecord | Reply {
	return connection.chats.get(Number(chatId)) ?? fail(400, 'Bad Request: BUSINESS_PEER_INVALID');
}

function checkKeyboard(markup: unknown): Reply | undefined {
	if (markup === undefined) return undefined;
	const rows = (markup as { inline_keyboard?: unknown }).inline_keyboard;
	if (!Array.isArray(rows) || !rows.every(Array.isArray)) return fail(400, "Bad Request: can't parse reply keyboard markup JSON object");
	for (const button of rows.flat() as Array<{ text?: unknown; callback_data?: unknown; url?: unknown }>) {
		if (typeof button.text !== 'string' || !button.text) return fail(400, 'Bad Request: text buttons are unallowed in the inline keyboard');
		if (button.callback_data === undefined && button.url === undefined) return fail(400, 'Bad Request: BUTTON_TYPE_INVALID');
		if (button.callback_data !== undefined) {
			const bytes = Buffer.byteLength(String(button.callback_data));
			if (bytes < 1 || bytes > 64) return fail(400, 'Bad Request: BUTTON_DATA_INVALID');
		}
	}
	return undefined;
}

/** Refuses while a 429 holds, like Telegram: coming back before retry_after is refused again. */
function rateLimited(state: FakeBotState): Reply | undefined {
	const { limit } = state;
	const wait = limit.until - Date.now();
	if (wait > 0) return tooMany(Math.ceil(wait / 1000));
	if (limit.pending === 0) return undefined;
	limit.pending--;
	limit.until = Date.now() + limit.retryAfter * 1000;
	return tooMany(limit.retryAfter);
}

const tooMany = (seconds: number) => fail(429, `Too Many Requests: retry after ${seconds}`, { retry_after: seconds });
