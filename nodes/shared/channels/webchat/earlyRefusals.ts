import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
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

const pleaseWait = (reason: string, untilMs: number, nowMs: number) =>
	answer(429, reason, { 'Retry-After': String(Math.max(1, Math.ceil((untilMs - nowMs) / 1000))), 'X-Chat-Refused': 'early' });

/** A POST to a chat path, read once a request: its path's settings, its session ('' without its session header) and its visitor's address. */
interface ChatPost {
	path: ChatPath;
	sessionId: string;
	address: string;
}

/** The request as a POST to a chat path; undefined for any other (`peer`: the connection's address). */
function chatPost(method: string | undefined, url: string | undefined, headers: IncomingHttpHeaders, peer: string | undefined): ChatPost | undefined {
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

function answerTo(post: ChatPost, nowMs = Date.now()): EarlyAnswer | undefined {
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

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * How long a chat's POST waits while an earlier one of the same chat is in n8n, and how many wait:
 * the page never sends two at once, so only a script does; holding its wave until the first is
 * answered lets the trigger refuse the chat (record its pause) before the rest reach n8n, and the
 * rest are then answered here. A POST held longer goes to n8n as it would have; past MAX_HELD a
 * POST goes to n8n at once, as before the hold: a 429 here could refuse a message the trigger would
 * take (its first answer is not known yet), and memory stays bounded either way.
 *
 * An address's new chats (chats this process does not know as opened) wait likewise for the one
 * before, and enter n8n no closer together than NEW_CHAT_GAP_MS: the trigger answers a new chat
 * before its workflow runs, so ten sent at once would otherwise start ten executions together and
 * every other customer's answer would wait behind them. One that could not enter within HOLD_MS is
 * refused (429, Retry-After) instead of going on: a burst of new chats from one address is a
 * script's (the page opens one), and letting it through at once is what the wait prevents.
 */
const HOLD_MS = 5000;
const MAX_HELD = 32;
const NEW_CHAT_GAP_MS = 250;
export const NEW_CHATS_AT_ONCE = 'Too many new chats from your address at once: please wait';

/** POSTs that wait for each other: a chat's (gapMs 0), or an address's new chats. */
interface Queue {
	/** Its POSTs n8n is answering. */
	inN8n: number;
	held: Array<() => void>;
	gapMs: number;
	/** When the last of its POSTs went to n8n. */
	letInMs: number;
	/** The release that waits for the gap to pass. */
	timer?: NodeJS.Timeout;
}

/** The queues a POST to a chat path waits in: its chat's, and while the chat is new, its address's. */
interface Queued {
	chat: string;
	address?: string;
}

/**
 * The queues of a POST to a chat path (none without its session). A chat is new until the trigger
 * has seen it (opened, or held).
 */
function queuesOf(post: ChatPost, nowMs = Date.now()): Queued | undefined {
	if (post.sessionId === '') return undefined;
	const { holds, known } = registry();
	const chat = keyOf(post.path.site, post.sessionId);
	if (holds.has(chat) || (known.get(chat)?.untilMs ?? 0) > nowMs) return { chat };
	// A prefix no site name has, apart from the chats' keys (the site's name and the session's).
	return { chat, address: `\n${keyOf(post.path.site, post.address)}` };
}

/**
 * Answers what earlyAnswer knows before `server`'s own request listeners (n8n's Express app) see
 * it; holds a chat's POSTs while another of the same chat is in n8n (HOLD_MS, MAX_HELD), and an
 * address's new chats while the one before is in n8n or entered it less than NEW_CHAT_GAP_MS ago.
 */
export function answerEarly(server: Server, { holdMs = HOLD_MS, maxHeld = MAX_HELD, newChatGapMs = NEW_CHAT_GAP_MS } = {}): void {
	const listeners = server.listeners('request') as RequestListener[];
	server.removeAllListeners('request');
	const queues = new Map<string, Queue>();

	const send = (res: ServerResponse, early: EarlyAnswer) => {
		// The body is never read: Node discards it once the answer is sent.
		res.writeHead(early.status, early.headers);
		res.end(early.body);
	};
	const gapLeft = (queue: Queue, nowMs = Date.now()) => queue.letInMs + queue.gapMs - nowMs;
	const busy = (queue: Queue | undefined, nowMs: number): queue is Queue => queue !== undefined && (queue.inN8n > 0 || queue.held.length > 0 || gapLeft(queue, nowMs) > 0);
	/** Lets the next held POSTs go once nothing of the queue is in n8n and its gap has passed. */
	const release = (key: string, queue: Queue) => {
		clearTimeout(queue.timer);
		queue.timer = undefined;
		while (queue.inN8n === 0) {
			const left = gapLeft(queue);
			if (left > 0) {
				queue.timer = setTimeout(() => release(key, queue), left);
				queue.timer.unref();
				return;
			}
			const next = queue.held.shift();
			if (!next) {
				queues.delete(key);
				return;
			}
			next();
		}
	};
	/** Counts a POST in n8n in `key`'s queue until it is answered. */
	const enter = (key: string, gapMs: number, res: ServerResponse) => {
		const queue = queues.get(key) ?? { inN8n: 0, held: [], gapMs, letInMs: 0 };
		queues.set(key, queue);
		queue.inN8n++;
		queue.letInMs = Date.now();
		let done = false;
		const answered = () => {
			if (done) return;
			done = true;
			queue.inN8n--;
			release(key, queue);
		};
		res.once('finish', answered);
		res.once('close', answered);
	};
	const toN8n = (req: IncomingMessage, res: ServerResponse) => {
		for (const listener of listeners) listener.call(server, req, res);
	};
	/**
	 * Answers early what earlyAnswer knows, by then (the trigger may have refused the chat
	 * meanwhile); hands the rest to n8n, in `queued`, the queues the POST belongs to by then.
	 */
	const serve = (req: IncomingMessage, res: ServerResponse, post: ChatPost, queued: Queued | undefined) => {
		const early = answerTo(post);
		if (early) return send(res, early);
		if (queued) enter(queued.chat, 0, res);
		if (queued?.address) enter(queued.address, newChatGapMs, res);
		toN8n(req, res);
	};
	/** Serves a POST that was held: its chat may have opened meanwhile, so its queues are looked up again. */
	const serveHeld = (req: IncomingMessage, res: ServerResponse, post: ChatPost) => serve(req, res, post, queuesOf(post));
	/**
	 * Holds a POST in `key`'s queue until the queue lets it go (served), its client gives up, or
	 * holdMs pass (`late`).
	 */
	const hold = (req: IncomingMessage, res: ServerResponse, post: ChatPost, key: string, queue: Queue, late: () => void) => {
		const go = () => {
			clearTimeout(timer);
			res.off('close', gone);
			serveHeld(req, res, post);
		};
		const leave = () => {
			const at = queue.held.indexOf(go);
			if (at >= 0) queue.held.splice(at, 1);
			release(key, queue);
		};
		const gone = () => {
			clearTimeout(timer);
			leave();
		};
		const timer = setTimeout(() => {
			res.off('close', gone);
			leave();
			late();
		}, holdMs);
		timer.unref();
		res.once('close', gone);
		queue.held.push(go);
	};

	server.on('request', (req: IncomingMessage, res: ServerResponse) => {
		const nowMs = Date.now();
		const post = chatPost(req.method, req.url, req.headers, req.socket.remoteAddress);
		if (!post) return toN8n(req, res);
		const queued = queuesOf(post, nowMs);
		if (!queued) return serve(req, res, post, queued);
		const chat = queues.get(queued.chat);
		if (busy(chat, nowMs)) {
			// Held past holdMs, or past maxHeld, it goes to n8n as it would have.
			if (chat.held.length >= maxHeld) return serve(req, res, post, queued);
			return hold(req, res, post, queued.chat, chat, () => serveHeld(req, res, post));
		}
		const address = queued.address === undefined ? undefined : queues.get(queued.address);
		if (!busy(address, nowMs) || queued.address === undefined) return serve(req, res, post, queued);
		// A new chat already refused (its address's hour is spent) needs no wait.
		const early = answerTo(post, nowMs);
		if (early) return send(res, early);
		const waitMs = Math.max(0, gapLeft(address, nowMs)) + address.held.length * address.gapMs;
		if (waitMs > holdMs || address.held.length >= maxHeld) return send(res, pleaseWait(NEW_CHATS_AT_ONCE, nowMs + waitMs, nowMs));
		// Held past holdMs, it goes to n8n if its chat is opened by now (the trigger took a message
		// of it); a new chat is told to wait.
		hold(req, res, post, queued.address, address, () => {
			const late = queuesOf(post);
			if (late?.address) send(res, pleaseWait(NEW_CHATS_AT_ONCE, Date.now() + 1000, Date.now()));
			else serve(req, res, post, late);
		});
	});
}
