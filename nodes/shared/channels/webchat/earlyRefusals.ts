import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * The web chat's refusals that hold until a known moment, kept where n8n's request hook
 * (nodes/WebChatTrigger/earlyRefusalHook.ts) can answer them before n8n's webhook work: n8n reads
 * and builds the published workflow for every webhook call before the trigger runs, some 8 ms of
 * its event loop, which a flood pays on every refused message. The Web Chat Trigger stays the
 * authority: it names its paths and records what its limits refused and until when; the hook
 * only repeats those answers while they hold, so it refuses nothing the trigger would take.
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

interface Registry {
	/** The paths (as n8n received them) the trigger answered POSTs on, and their site. */
	paths: Map<string, string>;
	holds: Map<string, Hold>;
}

/** Past this many entries expired ones are swept; past it paths are no longer added. */
const SWEEP_AT = 10_000;
const MAX_PATHS = 1000;

// One per process whatever loads this file: n8n loads the hook file and the pack's nodes apart, and
// may load them as separate module instances.
const REGISTRY = Symbol.for('n8n-nodes-contact-center.webChatEarlyRefusals');
function registry(): Registry {
	const global = globalThis as { [REGISTRY]?: Registry };
	global[REGISTRY] ??= { paths: new Map(), holds: new Map() };
	return global[REGISTRY];
}

const pathOf = (url: string) => url.split('?')[0];
const holdKey = (site: string, sessionId: string) => `${site}\n${sessionId}`;

/** The trigger answers this site's chat POSTs at `url` (the request's own, as n8n received it). */
export function chatAt(url: string, site: string): void {
	const { paths } = registry();
	if (paths.size < MAX_PATHS || paths.has(pathOf(url))) paths.set(pathOf(url), site);
}

/** The trigger refuses this chat's messages until `untilMs`, for `reason`, whatever they hold. */
export function holdUntil(site: string, sessionId: string, hold: Omit<Hold, 'refusedEarly'>): void {
	const { holds } = registry();
	const key = holdKey(site, sessionId);
	const held = holds.get(key);
	if (held && held.untilMs >= hold.untilMs) return;
	if (holds.size >= SWEEP_AT) for (const [k, h] of holds) if (h.untilMs <= Date.now()) holds.delete(k);
	holds.set(key, { ...hold, refusedEarly: held?.refusedEarly ?? 0 });
}

/**
 * How many of this chat's messages the hook refused since the trigger last saw it and still count
 * toward its minute (the trigger would have counted them there); each is counted once.
 */
export function takeRefusedEarly(site: string, sessionId: string, nowMs = Date.now()): number {
	const { holds } = registry();
	const key = holdKey(site, sessionId);
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

/** The chat a POST to a chat path is from (its key in the registry), '' without its session header. */
function chatOf(method: string | undefined, url: string | undefined, headers: IncomingHttpHeaders): string | undefined {
	if (method !== 'POST' || url === undefined) return undefined;
	const site = registry().paths.get(pathOf(url));
	if (site === undefined) return undefined;
	const sessionId = headers[SESSION_HEADER];
	return typeof sessionId === 'string' && sessionId !== '' ? holdKey(site, sessionId) : '';
}

/**
 * The trigger's own answer to a chat POST it would refuse for certain, or undefined: a POST to a
 * chat path without its session header, or from a chat a limit holds. Everything else, n8n answers.
 */
export function earlyAnswer(method: string | undefined, url: string | undefined, headers: IncomingHttpHeaders, nowMs = Date.now()): EarlyAnswer | undefined {
	const key = chatOf(method, url, headers);
	if (key === undefined) return undefined;
	if (key === '') return answer(400, MISSING_SESSION);
	const { holds } = registry();
	const held = holds.get(key);
	if (!held) return undefined;
	if (held.untilMs <= nowMs) {
		// Expired: the trigger sees the chat again, and counts what was refused meanwhile.
		if (held.refusedEarly === 0) holds.delete(key);
		return undefined;
	}
	held.refusedEarly++;
	return answer(429, held.reason, { 'Retry-After': String(Math.max(1, Math.ceil((held.untilMs - nowMs) / 1000))), 'X-Chat-Refused': 'early' });
}

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * How long a chat's POST waits while an earlier one of the same chat is in n8n, and how many wait:
 * the page never sends two at once, so only a script does; holding its wave until the first is
 * answered lets the trigger refuse the chat (record its pause) before the rest reach n8n, and the
 * rest are then answered here. A POST held longer goes to n8n as it would have; past MAX_HELD a
 * POST goes to n8n at once, as before the hold: a 429 here could refuse a message the trigger would
 * take (its first answer is not known yet), and memory stays bounded either way.
 */
const HOLD_MS = 5000;
const MAX_HELD = 32;

interface Chat {
	/** The chat's POSTs n8n is answering. */
	inN8n: number;
	held: Array<() => void>;
}

/**
 * Answers what earlyAnswer knows before `server`'s own request listeners (n8n's Express app) see
 * it, and holds a chat's POSTs while another of the same chat is in n8n (HOLD_MS, MAX_HELD).
 */
export function answerEarly(server: Server, { holdMs = HOLD_MS, maxHeld = MAX_HELD } = {}): void {
	const listeners = server.listeners('request') as RequestListener[];
	server.removeAllListeners('request');
	const chats = new Map<string, Chat>();

	const release = (key: string, chat: Chat) => {
		while (chat.inN8n === 0 && chat.held.length > 0) chat.held.shift()!();
		if (chat.inN8n === 0 && chat.held.length === 0) chats.delete(key);
	};
	/** Answers early what earlyAnswer knows, by then (the trigger may have refused the chat meanwhile); hands the rest to n8n. */
	const serve = (req: IncomingMessage, res: ServerResponse, key: string | undefined) => {
		const early = earlyAnswer(req.method, req.url, req.headers);
		if (early) {
			// The body is never read: Node discards it once the answer is sent.
			res.writeHead(early.status, early.headers);
			res.end(early.body);
			return;
		}
		if (key) {
			const chat = chats.get(key) ?? { inN8n: 0, held: [] };
			chats.set(key, chat);
			chat.inN8n++;
			let done = false;
			const answered = () => {
				if (done) return;
				done = true;
				chat.inN8n--;
				release(key, chat);
			};
			res.once('finish', answered);
			res.once('close', answered);
		}
		for (const listener of listeners) listener.call(server, req, res);
	};

	server.on('request', (req: IncomingMessage, res: ServerResponse) => {
		const key = chatOf(req.method, req.url, req.headers);
		const chat = key ? chats.get(key) : undefined;
		if (!key || !chat || chat.inN8n === 0 || chat.held.length >= maxHeld) return serve(req, res, key);
		const go = () => {
			clearTimeout(timer);
			res.off('close', gone);
			serve(req, res, key);
		};
		// A client that gave up leaves the queue; one held past HOLD_MS goes to n8n as it would have.
		const leave = () => {
			const at = chat.held.indexOf(go);
			if (at >= 0) chat.held.splice(at, 1);
			release(key, chat);
		};
		const gone = () => {
			clearTimeout(timer);
			leave();
		};
		const timer = setTimeout(() => {
			res.off('close', gone);
			leave();
			serve(req, res, key);
		}, holdMs);
		timer.unref();
		res.once('close', gone);
		chat.held.push(go);
	});
}
