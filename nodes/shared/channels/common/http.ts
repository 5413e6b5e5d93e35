import axios, { type AxiosRequestConfig } from 'axios';

export interface HttpAnswer {
	status: number;
	headers: Record<string, string>;
	data: unknown;
}

/**
 * One HTTP call that never throws on a status: channels put their errors in bodies (Viber and VK
 * even with HTTP 200), so the adapters read the answer themselves. A network failure throws
 * `NetworkError`, which adapters treat as passing.
 */
export async function request(config: AxiosRequestConfig): Promise<HttpAnswer> {
	try {
		const res = await axios.request({ timeout: 15_000, ...config, validateStatus: () => true });
		return { status: res.status, headers: res.headers as Record<string, string>, data: res.data };
	} catch (error) {
		throw new NetworkError((error as Error).message);
	}
}

export class NetworkError extends Error {
	readonly name = 'NetworkError';
}

/** Seconds named by an HTTP Retry-After header, in milliseconds. */
export function retryAfterMs(headers: Record<string, string>): number | undefined {
	const seconds = Number(headers['retry-after']);
	return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
