import type { SendResult } from '../types';

/** One try's outcome: final (sent, or refused for good), or a passing failure worth another try. */
export type AttemptOutcome =
	| SendResult
	| { ok: false; transient: true; code: string; reason: string; retryAfterMs?: number };

export interface RetryPolicy {
	attempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Retries passing failures with exponential backoff and jitter; when the channel names a wait
 * (Telegram retry_after, HTTP Retry-After) that wait is honoured instead, capped by maxDelayMs so
 * that one execution cannot hang for minutes.
 */
export async function sendWithRetry(
	attempt: () => Promise<AttemptOutcome>,
	policy: RetryPolicy = DEFAULT_RETRY,
): Promise<SendResult> {
	let last: AttemptOutcome | undefined;
	for (let n = 0; n < policy.attempts; n++) {
		last = await attempt();
		if (!('transient' in last)) return last;
		if (n === policy.attempts - 1) break;
		const backoff = policy.baseDelayMs * 2 ** n * (0.5 + Math.random() / 2);
		await sleep(Math.min(last.retryAfterMs ?? backoff, policy.maxDelayMs));
	}
	const failed = last as Extract<AttemptOutcome, { transient: true }>;
	return {
		ok: false,
		permanent: false,
		code: failed.code,
		reason: `${failed.reason} (gave up after ${policy.attempts} attempts)`,
	};
}
