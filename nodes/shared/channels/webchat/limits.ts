import { RateLimiterRes } from 'rate-limiter-flexible';

import { StoreRateLimiter } from '../../limits/storeLimiter';
import type { Db } from '../../store/types';

/** What one site's web chat lets a visitor do; the Web Chat Trigger's Limits. */
export interface WebChatLimits {
	messagesPerMinute: number;
	newSessionsPerHour: number;
	maxBodyKb: number;
}

/** A person types a few messages a minute and opens a few chats a day from one address; an
 * office behind one address still fits. */
export const DEFAULT_WEBCHAT_LIMITS: WebChatLimits = { messagesPerMinute: 20, newSessionsPerHour: 10, maxBodyKb: 16 };

export type LimitVerdict = { ok: true } | { ok: false; status: 413 | 429; reason: string; retryAfterSeconds?: number };

/** A session counts as new for an address once an hour at most. */
const SESSION_MEMORY_SECONDS = 3600;

/**
 * The web chat's limits, counted in the store so that every n8n process shares them. Checked
 * before anything is stored: a refused message leaves no trace but the counters.
 */
export function webChatLimiter(db: Db, site: string, limits: WebChatLimits) {
	const messages = new StoreRateLimiter(db, { keyPrefix: `webchat:${site}:messages`, points: limits.messagesPerMinute, duration: 60 });
	const sessions = new StoreRateLimiter(db, { keyPrefix: `webchat:${site}:new-sessions`, points: limits.newSessionsPerHour, duration: 3600 });
	const known = new StoreRateLimiter(db, { keyPrefix: `webchat:${site}:known`, points: Number.MAX_SAFE_INTEGER, duration: SESSION_MEMORY_SECONDS });

	/** Bodies larger than this are refused before they are parsed: checked on what n8n received. */
	const bodyFits = (bytes: number) => bytes <= limits.maxBodyKb * 1024;

	async function check(address: string, sessionId: string): Promise<LimitVerdict> {
		let what = 'new chats from your address';
		try {
			if (!(await known.get(sessionId))) {
				await sessions.consume(address);
				await known.consume(sessionId);
			}
			what = 'messages in this chat';
			await messages.consume(sessionId);
			return { ok: true };
		} catch (refusal) {
			if (!(refusal instanceof RateLimiterRes)) throw refusal;
			return { ok: false, status: 429, reason: `Too many ${what}: please wait`, retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) };
		}
	}

	return { bodyFits, check };
}
