import { request, type HttpAnswer } from '../common/http';
import { paced } from '../common/rateLimit';
import type { ApiAnswer, BotUser, ForumTopic, InlineKeyboardButton, Message, TelegramFile, WebhookInfo } from './schema';

export const TELEGRAM_API = 'https://api.telegram.org';

/** The bot's numeric id, which is the part of its token before the colon. */
export const botIdOf = (token: string) => token.split(':')[0];

/** Telegram refused a call; `errorCode` is its error_code (the HTTP status). */
export class TelegramApiError extends Error {
	readonly name = 'TelegramApiError';
	constructor(
		readonly method: string,
		readonly errorCode: number,
		readonly description: string,
		/** Seconds Telegram asks us to wait, on 429. */
		readonly retryAfter?: number,
	) {
		super(`Telegram ${method} failed: ${errorCode} ${description}`);
	}
}

export interface SendOptions {
	parse_mode?: 'HTML' | 'MarkdownV2' | 'Markdown';
	reply_markup?: { inline_keyboard: InlineKeyboardButton[][] };
	reply_parameters?: { message_id: number; allow_sending_without_reply?: boolean };
	disable_notification?: boolean;
	/** Posts into this topic of a forum supergroup. */
	message_thread_id?: number;
	/** Speaks as the Telegram Business account whose chat this is (see business.ts). */
	business_connection_id?: string;
}

/**
 * The Bot API methods the pack uses. Every method returns Telegram's `result` or throws
 * TelegramApiError (Telegram answered no) or NetworkError (no answer); the token only ever goes
 * into the URL, never into an error message.
 */
export class TelegramClient {
	private readonly baseUrl: string;

	constructor(
		private readonly token: string,
		baseUrl: string = TELEGRAM_API,
	) {
		this.baseUrl = baseUrl.replace(/\/+$/, '');
	}

	async call<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
		const answer = await paced('telegram', this.token, () =>
			request({
				method: 'POST',
				url: `${this.baseUrl}/bot${this.token}/${method}`,
				data: params,
				headers: { 'Content-Type': 'application/json' },
			}),
		);
		const body = answer.data as ApiAnswer<T>;
		if (isApiAnswer(body) && body.ok) return body.result;
		throw apiError(method, answer);
	}

	/** Doubles as the credential test: a wrong token gives 401 Unauthorized. */
	getMe = () => this.call<BotUser>('getMe');

	setWebhook = (opts: { url: string; secretToken: string; allowedUpdates?: string[]; dropPendingUpdates?: boolean }) =>
		this.call<true>('setWebhook', {
			url: opts.url,
			secret_token: opts.secretToken,
			allowed_updates: opts.allowedUpdates,
			drop_pending_updates: opts.dropPendingUpdates,
		});

	deleteWebhook = (dropPendingUpdates = false) =>
		this.call<true>('deleteWebhook', { drop_pending_updates: dropPendingUpdates });

	getWebhookInfo = () => this.call<WebhookInfo>('getWebhookInfo');

	sendMessage = (chatId: string | number, text: string, options: SendOptions = {}) =>
		this.call<Message>('sendMessage', { chat_id: chatId, text, ...options });

	/** `photo` is an HTTP URL Telegram fetches, or the file_id of a photo it already has. */
	sendPhoto = (chatId: string | number, photo: string, options: SendOptions & { caption?: string } = {}) =>
		this.call<Message>('sendPhoto', { chat_id: chatId, photo, ...options });

	/** `document` is an HTTP URL Telegram fetches, or a file_id. */
	sendDocument = (chatId: string | number, document: string, options: SendOptions & { caption?: string } = {}) =>
		this.call<Message>('sendDocument', { chat_id: chatId, document, ...options });

	/** The bot must be an administrator of the forum supergroup with the right to manage topics. */
	createForumTopic = (chatId: string | number, name: string) =>
		this.call<ForumTopic>('createForumTopic', { chat_id: chatId, name });

	closeForumTopic = (chatId: string | number, messageThreadId: number) =>
		this.call<true>('closeForumTopic', { chat_id: chatId, message_thread_id: messageThreadId });

	answerCallbackQuery = (callbackQueryId: string, options: { text?: string; show_alert?: boolean } = {}) =>
		this.call<true>('answerCallbackQuery', { callback_query_id: callbackQueryId, ...options });

	getFile = (fileId: string) => this.call<TelegramFile>('getFile', { file_id: fileId });

	/** Contains the token: hand it to code that downloads, never to a customer or a log. */
	fileUrl = (filePath: string) => `${this.baseUrl}/file/bot${this.token}/${filePath}`;

	/** A customer's file by its file_id (bots may download files up to 20 MB). */
	async downloadFile(fileId: string): Promise<{ data: Buffer; filePath: string }> {
		const file = await this.getFile(fileId);
		if (!file.file_path) throw new TelegramApiError('getFile', 400, 'Bad Request: the file has no file_path (over 20 MB?)');
		const answer = await request({ method: 'GET', url: this.fileUrl(file.file_path), responseType: 'arraybuffer' });
		if (answer.status !== 200) throw new TelegramApiError('download', answer.status, `file ${file.file_path} is not available`);
		return { data: Buffer.from(answer.data as ArrayBuffer), filePath: file.file_path };
	}
}

function isApiAnswer(body: unknown): body is ApiAnswer {
	return typeof body === 'object' && body !== null && typeof (body as { ok?: unknown }).ok === 'boolean';
}

/** A proxy in front of Telegram may answer with HTML; the HTTP status still classifies it. */
function apiError(method: string, answer: HttpAnswer): TelegramApiError {
	const body = answer.data;
	if (isApiAnswer(body) && !body.ok) {
		return new TelegramApiError(method, body.error_code, body.description, body.parameters?.retry_after);
	}
	return new TelegramApiError(method, answer.status, `unexpected answer with HTTP ${answer.status}`);
}
