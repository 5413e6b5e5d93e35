import { request } from '../common/http';
import { paced } from '../common/rateLimit';
import { API_VERSION, type ApiAnswer, type Community } from './schema';

export const VK_API = 'https://api.vk.com/method';

/** VK refused a call (HTTP 200 with `error`), or the HTTP answer itself failed. */
export class VkApiError extends Error {
	readonly name = 'VkApiError';
	constructor(
		readonly method: string,
		/** VK's error_code; absent when the HTTP answer itself failed. */
		readonly errorCode: number | undefined,
		readonly errorMsg: string,
		readonly httpStatus: number,
	) {
		super(`VK ${method} failed: ${errorCode ?? `HTTP ${httpStatus}`} ${errorMsg}`);
	}
}

/**
 * The API methods the pack uses, called with a community token. Every call waits its turn under
 * the token's rate limit, then returns VK's `response` or throws VkApiError or NetworkError; the
 * token only goes in the form body, never in a URL or an error message.
 */
export class VkClient {
	private readonly baseUrl: string;

	constructor(
		private readonly accessToken: string,
		baseUrl: string = VK_API,
	) {
		this.baseUrl = baseUrl.replace(/\/+$/, '');
	}

	async call<T>(method: string, params: Record<string, string | number | undefined>): Promise<T> {
		const form = new URLSearchParams({ ...stringValues(params), access_token: this.accessToken, v: API_VERSION });
		const answer = await paced('vk', this.accessToken, () =>
			request({
				method: 'POST',
				url: `${this.baseUrl}/${method}`,
				data: form.toString(),
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			}),
		);
		const body = answer.data as Partial<ApiAnswer<T>> | undefined;
		if (answer.status === 200 && body && typeof body === 'object') {
			if ('response' in body) return body.response as T;
			if ('error' in body && body.error) throw new VkApiError(method, body.error.error_code, body.error.error_msg, 200);
		}
		throw new VkApiError(method, undefined, `unexpected answer with HTTP ${answer.status}`, answer.status);
	}

	/** Doubles as the credential test: a wrong token gives error 5. */
	async getCommunity(): Promise<Community> {
		const answer = await this.call<{ groups: Community[] }>('groups.getById', {});
		return answer.groups[0];
	}

	/** Returns the id of the message in the conversation; a repeated random_id returns the first one's id. */
	sendMessage = (params: { peer_id: string; random_id: number; message: string; keyboard?: string; attachment?: string }) =>
		this.call<number>('messages.send', params);
}

function stringValues(params: Record<string, string | number | undefined>): Record<string, string> {
	return Object.fromEntries(Object.entries(params).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])));
}
