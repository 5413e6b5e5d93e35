import { request, NetworkError, retryAfterMs } from '../../channels/common/http';
import { sendWithRetry, type AttemptOutcome, type RetryPolicy } from '../../channels/common/retry';
import type { ChatMessage } from './prompt';

/** An OpenAI-compatible chat completions API, from the "Contact Center LLM" credential. */
export interface LlmConfig {
	/** Up to and including the version path, e.g. https://api.openai.com/v1 */
	baseUrl: string;
	apiKey: string;
	model: string;
	timeoutMs?: number;
	retry?: RetryPolicy;
}

export class LlmError extends Error {
	readonly name = 'LlmError';
}

const DEFAULT_TIMEOUT_MS = 30_000;
const LLM_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 1_000, maxDelayMs: 10_000 };

const errorText = (data: unknown): string => {
	const message = (data as { error?: { message?: unknown } })?.error?.message;
	return String(message ?? (typeof data === 'string' ? data : JSON.stringify(data))).slice(0, 300);
};

/**
 * One chat completion's text. Rate limits, server errors and timeouts are retried; a refused key
 * or a wrong URL or model fail at once. Every failure is an LlmError saying what went wrong.
 */
export async function chatCompletion(config: LlmConfig, messages: ChatMessage[]): Promise<string> {
	const url = `${config.baseUrl.replace(/\/+$/, '')}/chat/completions`;
	let content = '';
	const attempt = async (): Promise<AttemptOutcome> => {
		let answer;
		try {
			answer = await request({
				method: 'POST',
				url,
				timeout: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
				headers: { Authorization: `Bearer ${config.apiKey}`, 'Content-Type': 'application/json' },
				data: { model: config.model, messages, temperature: 0 },
			});
		} catch (error) {
			if (!(error instanceof NetworkError)) throw error;
			return { ok: false, transient: true, code: 'network', reason: `The LLM server at ${url} did not answer: ${error.message}` };
		}
		const { status, data, headers } = answer;
		if (status === 429 || status >= 500) {
			return { ok: false, transient: true, code: String(status), reason: `The LLM server answered HTTP ${status}: ${errorText(data)}`, retryAfterMs: retryAfterMs(headers) };
		}
		if (status !== 200) {
			const hint = status === 401 || status === 403 ? ' (check the API key)' : status === 404 ? ' (check the base URL and model name)' : '';
			return { ok: false, permanent: true, code: String(status), reason: `The LLM server refused the request with HTTP ${status}${hint}: ${errorText(data)}` };
		}
		const text = (data as { choices?: Array<{ message?: { content?: unknown } }> })?.choices?.[0]?.message?.content;
		if (typeof text !== 'string') return { ok: false, permanent: true, code: 'no-content', reason: `The LLM server's answer has no message: ${errorText(data)}` };
		content = text;
		return { ok: true, externalIds: [] };
	};
	const result = await sendWithRetry(attempt, config.retry ?? LLM_RETRY);
	if (!result.ok) throw new LlmError(result.reason);
	return content;
}
