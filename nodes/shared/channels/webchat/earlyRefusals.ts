import type { IncomingHttpHeaders } from 'node:http';
import { BlockList } from 'node:net';

import { clientAddress } from '../../limits/clientAddress';

/**
 * The web chat's refusals that hold until a known moment, kept where n8n's request hook
 * (nodes/WebChatTrigger/earlyRefusalHook.ts) can answer them before n8n's webhook work: n8n reads
 * and builds the published workflow for every webhook call before the trigger runs, some 8 ms of
 * its event loop, which a flood pays on every refused message. The Web Chat Trigger stays the
 * authority: it names its paths and records what its limits refused or used up and until when; the
 * hook only repeats those answers while they hold, so it refuses nothing the trigger would take.
 */

/** Sent on every POST as in the body: the hook reads no body, so the chat's id rides in a header. */
export const SESSION_HEADER = 'x-chat-session';
export const MISSING_SESSION = 'The chat session header (X-Chat-Session) is missing or does not match the message';

interface Hold {
	untilMs: number;
	reason: string;
	/** When the chat's minute ends: the messages the hook refused count toward it until then. */
	countsUntilMs: number;
	/** Messages the hook refused since the trigger last saw this chat. */
	refusedEarly: number;
}

interface AddressHold {
	untilMs: number;
	reason: string;
	/** Chats the hook refused as new from this address: each is refused here once, its next
	 * message goes to the trigger, so a chat the trigger knows and this process does not (opened
	 * in another n8n process, or before this one started) is held up by one message at most. */
	refusedOnce: Set<string>;
}

interface ChatPath {
	site: string;
	/** The trigger's Trusted Proxies: the hook tells the visitor's address as the trigger does. */
	proxies: BlockList;
}

const SWEEP_AT = 10_000;

/**
 * Entries that end at `untilMs`, swept once the map has grown to twice what it held after the
 * last sweep (at least SWEEP_AT), so that a sweep costs no more than the additions since the last.
 */
class Expiring<V extends { untilMs: number }> extends Map<string, V> {
	private sweepAt = SWEEP_AT;
	put(key: string, value: V, nowMs = Date.now()): void {
		if (this.size >= this.sweepAt) {
			for (const [k, v] of this) if (v.untilMs <= nowMs) this.delete(k);
			this.sweepAt = Math.max(SWEEP_AT, 2 * this.size);
		}
		this.set(key, value);
	}
}

interface Registry {
	/** The paths (as n8n received them) the trigger answered POSTs on. */
	paths: Map<string, ChatPath>;
	holds: Expiring<Hold>;
	/** A site's addresses that have opened all the new chats they may for now. */
	addresses: Expiring<AddressHold>;
	/** Chats the trigger takes as opened (not new), until when. */
	known: Expiring<{ untilMs: number }>;
}

/** Past this many paths no more are added. */
const MAX_PATHS = 1000;
/** Past this many chats refused once from one address, the list starts again. */
const MAX_REFUSED_ONCE = 1000;

// One per process whatever loads this file: n8n loads the hook file and the pack's nodes apart, and
// may load them as separate module instances.
const REGISTRY = Symbol.for('n8n-nodes-contact-center.webChatEarlyRefusals');
function registry(): Registry {
	const global = globalThis as { [REGISTRY]?: Registry };
	global[REGISTRY] ??= { paths: new Map(), holds: new Expiring(), addresses: new Expiring(), known: new Expiring() };
	return global[REGISTRY];
}

const pathOf = (url: string) => url.split('?')[0];
const keyOf = (site: string, id: string) => `${site}\n${id}`;

/**
 * The trigger answers this site's chat POSTs at `url` (the request's own, as n8n received it),
 * reading X-Forwarded-For only from `proxies`.
 */
export function chatAt(url: string, site: string, proxies: BlockList = new BlockList()): void {
	const { paths } = registry();
	if (paths.size < MAX_PATHS || paths.has(pathOf(url))) paths.set(pathOf(url), { site, proxies });
}

/** The trigger refuses this chat's messages until `untilMs`, for `reason`, whatever they hold. */
export function holdUntil(site: string, sessionId: string, hold: Omit<Hold, 'refusedEarly'>): void {
	const { holds } = registry();
	const key = keyOf(site, sessionId);
	const held = holds.get(key);
	if (held && held.untilMs >= hold.untilMs) return;
	holds.put(key, { ...hold, refusedEarly: held?.refusedEarly ?? 0 });
}

/** The trigger refuses new chats from this address until `untilMs`, for `reason`. */
export function holdAddress(site: string, address: string, hold: { untilMs: number; reason: string }): void {
	const { addresses } = registry();
	const key = keyOf(site, address);
	const held = addresses.get(key);
	if (held && held.untilMs >= hold.untilMs) return;
	addresses.put(key, { ...hold, refusedOnce: held?.refusedOnce ?? new Set() });
}

/** Whether the trigger's refusal of new chats from this address holds. */
export function addressHeld(site: string, address: string, nowMs = Date.now()): boolean {
	return (registry().addresses.get(keyOf(site, address))?.untilMs ?? 0) > nowMs;
}

/** The trigger takes this chat as opened until `untilMs`: no new-chat limit applies to it till then. */
export function knownChat(site: string, sessionId: string, untilMs: number): void {
	const { known } = registry();
	const key = keyOf(site, sessionId);
	if ((known.get(key)?.untilMs ?? 0) < untilMs) known.put(key, { untilMs });
}

/**
 * How many of this chat's messages the hook refused since the trigger last saw it and still count
 * toward its minute (the trigger would have counted them there); each is counted once.
 */
export function takeRefusedEarly(site: string, sessionId: string, nowMs = Date.now()): number {
	const { holds } = registry();
	const key = keyOf(site, sessionId);
	const held = holds.get(key);
	if (!held) return 0;
	const refusedEarly = nowMs < held.countsUntilMs ? held.refusedEarly : 0;
	if (held.untilMs <= nowMs) holds.delete(key);
	else held.refusedEarly = 0;
	return refusedEarly;
}

export interface EarlyAnswer {
	status: number;
	headers: Record<string, string>;
	body: string;
}

const answer = (status: number, error: string, headers: Record<string, string> = {}): EarlyAnswer => ({
	status,
	headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
	body: JSON.stringify({ error }),
});

export const pleaseWait = (reason: string, untilMs: number, nowMs: number) =>
	answer(429, reason, { 'Retry-After': String(Math.max(1, Math.ceil((untilMs - nowMs) / 1000))), 'X-Chat-Refused': 'early' });

/** A POST to a chat path, read once a request: its path's settings, its session ('' without its session header) and its visitor's address. */
export interface ChatPost {
	path: ChatPath;
	sessionId: string;
	address: string;
}

/** The request as a POST to a chat path; undefined for any other (`peer`: the connection's address). */
export function chatPost(method: string | undefined, url: string | undefined, headers: IncomingHttpHeaders, peer: string | undefined): ChatPost | undefined {
	if (method !== 'POST' || url === undefined) return undefined;
	const path = registry().paths.get(pathOf(url));
	if (path === undefined) return undefined;
	const sessionId = headers[SESSION_HEADER];
	const forwardedFor = headers['x-forwarded-for'];
	const address = clientAddress(peer, typeof forwardedFor === 'string' ? forwardedFor : undefined, path.proxies);
	return { path, sessionId: typeof sessionId === 'string' ? sessionId : '', address };
}

/** The trigger's new-chat refusal of this POST's address, when it holds and the chat is not one the trigger knows. */
function newChatRefused({ path, sessionId, address }: ChatPost, nowMs: number): EarlyAnswer | undefined {
	const { addresses, known } = registry();
	const held = addresses.get(keyOf(path.site, address));
	if (!held || held.untilMs <= nowMs || (known.get(keyOf(path.site, sessionId))?.untilMs ?? 0) > nowMs) return undefined;
	if (held.refusedOnce.has(sessionId)) return undefined;
	if (held.refusedOnce.size >= MAX_REFUSED_ONCE) held.refusedOnce.clear();
	held.refusedOnce.add(sessionId);
	return pleaseWait(held.reason, held.untilMs, nowMs);
}

/**
 * The trigger's own answer to a chat POST it would refuse for certain, or undefined: a POST to a
 * chat path without its session header, from a chat a limit holds, or a new chat from an address
 * that opened all it may for now (`peer`: the connection's address). Everything else, n8n answers.
 */
export function earlyAnswer(
	method: string | undefined,
	url: string | undefined,
	headers: IncomingHttpHeaders,
	peer?: string,
	nowMs = Date.now(),
): EarlyAnswer | undefined {
	const post = chatPost(method, url, headers, peer);
	return post && answerTo(post, nowMs);
}

/** earlyAnswer of a request already read as a chat POST. */
export function answerTo(post: ChatPost, nowMs = Date.now()): EarlyAnswer | undefined {
	if (post.sessionId === '') return answer(400, MISSING_SESSION);
	const { holds } = registry();
	const key = keyOf(post.path.site, post.sessionId);
	const held = holds.get(key);
	if (held && held.untilMs > nowMs) {
		held.refusedEarly++;
		return pleaseWait(held.reason, held.untilMs, nowMs);
	}
	// Expired: the trigger sees the chat again, and counts what was refused meanwhile.
	if (held && held.refusedEarly === 0) holds.delete(key);
	return newChatRefused(post, nowMs);
}

/** The queues a POST to a chat path waits in: its chat's, and while the chat is new, its address's. */
export interface Queued {
	chat: string;
	address?: string;
}

/**
 * The queues of a POST to a chat path (none without its session). A chat is new until the trigger
 * has seen it (opened, or held).
 */
export function queuesOf(post: ChatPost, nowMs = Date.now()): Queued | undefined {
	if (post.sessionId === '') return undefined;
	const { holds, known } = registry();
	const chat = keyOf(post.path.site, post.sessionId);
	if (holds.has(chat) || (known.get(chat)?.untilMs ?? 0) > nowMs) return { chat };
	// A prefix no site name has, apart from the chats' keys (the site's name and the session's).
	return { chat, address: `\n${keyOf(post.path.site, post.address)}` };
}
