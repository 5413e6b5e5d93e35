import { RateLimiterRes } from 'rate-limiter-flexible';

import { StoreRateLimiter } from '../../limits/storeLimiter';
import type { Db } from '../../store/types';
import { addressHeld, holdAddress, holdUntil, knownChat, takeRefusedEarly } from './earlyRefusals';

/** What one site's web chat lets a visitor do; the Web Chat Trigger's Limits. */
export interface WebChatLimits {
	messagesPerMinute: number;
	/** A chat's next message is accepted this many seconds after its last at the soonest: a script's
	 * messages sent at once start one workflow, not one each. */
	secondsBetweenMessages: number;
	newSessionsPerHour: number;
	maxBodyKb: number;
	/** Chats from one address that may wait for a person at once; a further new chat waits. */
	waitingPerAddress: number;
}

/** A person types a few messages a minute, never two within a second, and opens a few chats a day
 * from one address; an office behind one address still fits. */
export const DEFAULT_WEBCHAT_LIMITS: WebChatLimits = { messagesPerMinute: 20, secondsBetweenMessages: 1, newSessionsPerHour: 10, maxBodyKb: 16, waitingPerAddress: 3 };

export type LimitVerdict = { ok: true } | { ok: false; status: 413 | 429; reason: string; retryAfterSeconds?: number };

/** A session counts as new for an address once an hour at most. */
const SESSION_MEMORY_SECONDS = 3600;
/** How long a session's address is kept: long enough for its chat to wait in the queue. */
const SESSION_ADDRESS_MS = 24 * 3600_000;

/** Chats opened from this address whose conversation waits in the queue for a person. */
async function waitingFrom(db: Db, site: string, address: string): Promise<number> {
	const [row] = await db.query(
		`SELECT COUNT(*) AS n FROM webchat_sessions s
		 JOIN conversations c ON c.channel = 'webchat' AND c.account = s.site AND c.conversation_key = s.session_id
		 JOIN routing_entries r ON r.conversation_id = c.id AND r.state = 'queued'
		 WHERE s.site = ? AND s.address = ?`,
		[site, address],
	);
	return Number(row?.n ?? 0);
}

async function rememberAddress(db: Db, site: string, sessionId: string, address: string): Promise<void> {
	const nowMs = Date.now();
	await db.query('DELETE FROM webchat_sessions WHERE site = ? AND address = ? AND created_ms < ?', [site, address, nowMs - SESSION_ADDRESS_MS]);
	await db.query('INSERT INTO webchat_sessions (site, session_id, address, created_ms) VALUES (?, ?, ?, ?) ON CONFLICT (site, session_id) DO NOTHING', [
		site,
		sessionId,
		address,
		nowMs,
	]);
}

/** Sessions this address opened that the trigger still takes as opened (SESSION_MEMORY_SECONDS). */
async function openedFrom(db: Db, site: string, address: string): Promise<Array<{ sessionId: string; createdMs: number }>> {
	const rows = await db.query('SELECT session_id, created_ms FROM webchat_sessions WHERE site = ? AND address = ? AND created_ms > ?', [
		site,
		address,
		Date.now() - SESSION_MEMORY_SECONDS * 1000,
	]);
	return rows.map((row) => ({ sessionId: String(row.session_id), createdMs: Number(row.created_ms) }));
}

const CHAT_REFUSAL = 'messages in this chat';
const NEW_CHAT_REFUSAL = 'new chats from your address';
const pleaseWait = (what: string) => `Too many ${what}: please wait`;

/**
 * Counts `points` hits: the verdict (what is not a refusal, the store failing, is thrown), when the
 * limit's window ends, and whether the next hit in it is refused (this one used up the window or
 * was refused itself).
 */
async function counted(limiter: StoreRateLimiter, key: string, what: string, points = 1): Promise<{ verdict: LimitVerdict; windowEndsMs: number; spent: boolean }> {
	try {
		const res = await limiter.consume(key, points);
		return { verdict: { ok: true }, windowEndsMs: Date.now() + res.msBeforeNext, spent: res.remainingPoints === 0 };
	} catch (refused) {
		if (!(refused instanceof RateLimiterRes)) throw refused;
		const verdict = { ok: false, status: 429, reason: pleaseWait(what), retryAfterSeconds: Math.max(1, Math.ceil(refused.msBeforeNext / 1000)) } as const;
		return { verdict, windowEndsMs: Date.now() + refused.msBeforeNext, spent: true };
	}
}

export type WebChatLimiter = ReturnType<typeof webChatLimiter>;

/**
 * The web chat's limits, counted in the store so that every n8n process shares them. Checked
 * before anything is stored: a refused message leaves no trace but the counters. Once a chat or an
 * address has used up its window, this process refuses it from memory until the window ends, so
 * a flood costs the store one write per process rather than one per message; and n8n's request
 * hook refuses it before n8n's webhook work (earlyRefusals.ts), from the message that used the
 * window up, so a flood's next message already costs n8n nothing.
 */
export function webChatLimiter(db: Db, site: string, limits: WebChatLimits) {
	const inMemoryOnceSpent = (points: number) => ({ points, inMemoryBlockOnConsumed: points });
	const messages = new StoreRateLimiter(db, { keyPrefix: `webchat:${site}:messages`, duration: 60, ...inMemoryOnceSpent(limits.messagesPerMinute) });
	const paced = new StoreRateLimiter(db, { keyPrefix: `webchat:${site}:paced`, duration: limits.secondsBetweenMessages, ...inMemoryOnceSpent(1) });
	const sessions = new StoreRateLimiter(db, { keyPrefix: `webchat:${site}:new-sessions`, duration: 3600, ...inMemoryOnceSpent(limits.newSessionsPerHour) });
	const known = new StoreRateLimiter(db, { keyPrefix: `webchat:${site}:known`, points: Number.MAX_SAFE_INTEGER, duration: SESSION_MEMORY_SECONDS });

	/** Bodies larger than this are refused before they are parsed: checked on what n8n received. */
	const bodyFits = (bytes: number) => bytes <= limits.maxBodyKb * 1024;

	/**
	 * The address has opened all the chats it may until `untilMs`: the hook refuses its new chats
	 * till then, and takes the chats it opened within the hour (which the trigger lets through) as
	 * known, whichever process opened them.
	 */
	async function addressSpent(address: string, untilMs: number): Promise<void> {
		for (const chat of await openedFrom(db, site, address)) knownChat(site, chat.sessionId, chat.createdMs + SESSION_MEMORY_SECONDS * 1000);
		holdAddress(site, address, { untilMs, reason: pleaseWait(NEW_CHAT_REFUSAL) });
	}

	async function check(address: string, sessionId: string): Promise<LimitVerdict> {
		// The chat's own counts first: a flooding chat is refused without another look at the store.
		// Its minute counts every message, refused ones too (those n8n's request hook refused as
		// well), so a script that goes on after "please wait" has used up its minute within seconds;
		// the pause keeps the messages it sends at once from each starting an execution at the same
		// moment.
		// From the message that used up the minute or the pause, the chat is refused, whatever else
		// happens, until that window ends (a pause no longer than the chat's minute): until then
		// n8n's request hook may repeat the refusal, and what it refused counts toward that minute.
		const minute = await counted(messages, sessionId, CHAT_REFUSAL, 1 + takeRefusedEarly(site, sessionId));
		const holdChat = (untilMs: number) => holdUntil(site, sessionId, { untilMs, countsUntilMs: minute.windowEndsMs, reason: pleaseWait(CHAT_REFUSAL) });
		if (minute.spent) holdChat(minute.windowEndsMs);
		if (!minute.verdict.ok) return minute.verdict;
		const pause = await counted(paced, sessionId, CHAT_REFUSAL);
		if (pause.spent) holdChat(Math.min(pause.windowEndsMs, minute.windowEndsMs));
		if (!pause.verdict.ok) return pause.verdict;

		const opened = await known.get(sessionId);
		if (opened) {
			knownChat(site, sessionId, Date.now() + opened.msBeforeNext);
			return pause.verdict;
		}
		if ((await waitingFrom(db, site, address)) >= limits.waitingPerAddress) {
			return { ok: false, status: 429, reason: 'Your other chats are still waiting for a person: please wait', retryAfterSeconds: 60 };
		}
		const newChat = await counted(sessions, address, NEW_CHAT_REFUSAL);
		if (newChat.verdict.ok) {
			await known.consume(sessionId);
			await rememberAddress(db, site, sessionId, address);
			knownChat(site, sessionId, Date.now() + SESSION_MEMORY_SECONDS * 1000);
		}
		// Once per window: the refusals the hook lets through to here need no second look at the store.
		if (newChat.spent && !addressHeld(site, address)) await addressSpent(address, newChat.windowEndsMs);
		return newChat.verdict;
	}

	return { bodyFits, check };
}

const perProcess = new WeakMap<Db, Map<string, WebChatLimiter>>();

/** This process's limiter for a site, kept between calls so that what it holds in memory lasts. */
export function sharedWebChatLimiter(db: Db, site: string, limits: WebChatLimits): WebChatLimiter {
	const limiters = perProcess.get(db) ?? new Map<string, WebChatLimiter>();
	perProcess.set(db, limiters);
	const key = JSON.stringify([site, limits]);
	const limiter = limiters.get(key) ?? webChatLimiter(db, site, limits);
	limiters.set(key, limiter);
	return limiter;
}
