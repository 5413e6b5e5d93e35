import type { Button } from '../../envelope';
import type { Store } from '../../store';
import { notePageOpen } from './pages';

/** One line of the chat as the page shows it; nothing internal (operator ids, errors) leaves. */
export interface ChatLine {
	id: number;
	from: 'customer' | 'agent';
	text: string;
	at: string;
	/** What a reply offers to press: the bot's menu, "did you mean", "talk to a person". */
	buttons?: Button[];
}

const SESSION = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The lines of a visitor's conversation after `afterId`: the open one, else the last, whose
 * closing lines (the rating question) the visitor must still see. The session id is the only
 * key, so it must be unguessable: the page makes it from 128 random bits.
 */
export async function chatHistory(
	store: Store,
	site: string,
	sessionId: string,
	afterId: number,
): Promise<ChatLine[] | null> {
	if (!SESSION.test(sessionId)) return null;
	const conversation = await store.conversations.findLatest('webchat', site, sessionId);
	if (!conversation) return [];
	const messages = await store.messages.list(conversation.id, afterId);
	return messages
		.filter((m) => m.direction === 'in' || m.status !== 'failed')
		.map((m) => ({
			id: m.id,
			from: m.direction === 'in' ? 'customer' : 'agent',
			text: m.text,
			at: m.createdAt,
			...(m.direction === 'out' && m.buttons.length ? { buttons: m.buttons } : {}),
		}));
}

/**
 * One poll of an open chat page: the lines after `afterId`. The page asking is also the page
 * saying its visitor is on it, which proactive messages need to know (pages.ts); a mark that
 * could not be written only lets the page count as closed a little early.
 */
export async function pollChat(store: Store, site: string, sessionId: string, afterId: number, nowMs = Date.now()): Promise<ChatLine[] | null> {
	const lines = await chatHistory(store, site, sessionId, afterId);
	if (lines !== null) await notePageOpen(store.db, site, sessionId, nowMs).catch(() => undefined);
	return lines;
}
