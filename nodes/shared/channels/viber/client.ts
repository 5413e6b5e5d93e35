import { createHash } from 'node:crypto';

import { request } from '../common/http';
import { paced } from '../common/rateLimit';
import { parseViberJson, type AccountInfo, type ViberAnswer } from './schema';

export const VIBER_API = 'https://chatapi.viber.com/pa';
export const AUTH_HEADER = 'X-Viber-Auth-Token';

/** Callback events the trigger subscribes to; `message`, `subscribed` and `unsubscribed` always come. */
export const EVENT_TYPES = ['delivered', 'seen', 'failed', 'subscribed', 'unsubscribed', 'conversation_started'];

/** Viber answered with a non-zero status (inside HTTP 200), or with an HTTP error. */
export class ViberApiError extends Error {
	readonly name = 'ViberApiError';
	constructor(
		readonly endpoint: string,
		/** Viber's status; absent when the HTTP answer itself failed. */
		readonly status: number | undefined,
		readonly statusMessage: string,
		readonly httpStatus: number,
	) {
		super(`Viber ${endpoint} failed: ${status ?? `HTTP ${httpStatus}`} ${statusMessage}`);
	}
}

/**
 * The REST Bot API endpoints the pack uses. Each returns Viber's answer or throws ViberApiError
 * (Viber answered no) or NetworkError (no answer); the token only goes in the auth header.
 */
export class ViberClient {
	private readonly baseUrl: string;

	constructor(
		private readonly authToken: string,
		baseUrl: string = VIBER_API,
	) {
		this.baseUrl = baseUrl.replace(/\/+$/, '');
	}

	async call<T extends ViberAnswer>(endpoint: string, body: Record<string, unknown> = {}): Promise<T> {
		const answer = await paced('viber', this.authToken, () =>
			request({
				method: 'POST',
				url: `${this.baseUrl}/${endpoint}`,
				data: JSON.stringify(body),
				headers: { 'Content-Type': 'application/json', [AUTH_HEADER]: this.authToken },
				// Kept as text: message tokens are int64 and JSON.parse would round them.
				responseType: 'text',
				transformResponse: (data: unknown) => data,
			}),
		);
		let parsed: Partial<ViberAnswer> | undefined;
		try {
			parsed = parseViberJson(String(answer.data)) as Partial<ViberAnswer>;
		} catch {
			parsed = undefined;
		}
		if (answer.status === 200 && typeof parsed?.status === 'number') {
			if (parsed.status === 0) return parsed as T;
			throw new ViberApiError(endpoint, parsed.status, String(parsed.status_message ?? ''), 200);
		}
		throw new ViberApiError(endpoint, undefined, `unexpected answer with HTTP ${answer.status}`, answer.status);
	}

	/** Doubles as the credential test: a wrong token gives status 2. */
	getAccountInfo = () => this.call<AccountInfo>('get_account_info');

	/** Viber calls `url` back with a signed `webhook` event before it answers, and fails unless that gets a 200. */
	setWebhook = (opts: { url: string; eventTypes?: string[]; sendName?: boolean; sendPhoto?: boolean }) =>
		this.call('set_webhook', {
			url: opts.url,
			event_types: opts.eventTypes ?? EVENT_TYPES,
			send_name: opts.sendName ?? true,
			send_photo: opts.sendPhoto ?? true,
		});

	/** Viber's way to remove the webhook is to set an empty URL. */
	removeWebhook = () => this.call('set_webhook', { url: '' });

	sendMessage = (message: Record<string, unknown>) => this.call<ViberAnswer & { message_token: string }>('send_message', message);
}

const accountIds = new Map<string, Promise<string>>();

/** The bot's id, asked of Viber once per token and process: every callback needs it as the account. */
export function accountIdOf(authToken: string, baseUrl?: string): Promise<string> {
	const key = createHash('sha256').update(`${baseUrl ?? VIBER_API}\n${authToken}`).digest('hex');
	let id = accountIds.get(key);
	if (!id) {
		id = new ViberClient(authToken, baseUrl).getAccountInfo().then((info) => info.id);
		// A failed lookup (network, bad token) must not be remembered.
		id.catch(() => accountIds.delete(key));
		accountIds.set(key, id);
	}
	return id;
}
