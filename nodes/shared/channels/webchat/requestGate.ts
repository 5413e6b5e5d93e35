import type { IncomingMessage, Server, ServerResponse } from 'node:http';

import { answerTo, chatPost, pleaseWait, queuesOf, type ChatPost, type EarlyAnswer, type Queued } from './earlyRefusals';

/*
 * The gate n8n's request hook (nodes/WebChatTrigger/earlyRefusalHook.ts) puts in front of n8n's own
 * request listeners: it answers what the refusals registry (earlyRefusals.ts) already knows, and
 * paces the chat POSTs that would otherwise reach n8n all at once; everything else passes through
 * untouched.
 */

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
const NEW_CHATS_AT_ONCE = 'Too many new chats from your address at once: please wait';

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
