import type { InboundMessage } from '../envelope';
import type { LoggedInbound, Store } from '../store';
import { identitiesTable } from '../store/identities';

/**
 * Messages that mean "no more messages" / "yes, send me news", in the pack's languages. Only a
 * message that is nothing but the word counts: "stop the order" is a support question, not an opt-out.
 */
const STOP = new Set([
	'stop', 'stopp', 'unsubscribe',
	'стоп', 'отписаться', 'отпишите', 'отпишитесь', 'отпишись', 'отписка',
	'відписатися', 'відписатись', 'відпишіть', 'відпишіться', 'відпишись', 'відписка',
	'arrêt', 'arret', 'arrêter', 'arreter', 'désabonner', 'desabonner', 'se désabonner', 'se desabonner',
	'désinscrire', 'desinscrire', 'se désinscrire', 'se desinscrire', 'désinscription', 'desinscription',
]);
const START = new Set(['start', 'subscribe', 'старт', 'подписаться', 'підписатися', 'abonner']);

/**
 * The word as typed on a phone: any case, a leading slash (a bot command), spaces doubled, and
 * punctuation or emoji after it ("Stop,", "стоп.", "stop 🙏"). NFC first, so that an accent typed
 * as a combining mark reads like the composed letter and a trailing mark is a skin tone or emoji part.
 */
const wordOf = (text: string) =>
	text
		.normalize('NFC')
		.toLowerCase()
		.trim()
		.replace(/^\//, '')
		.replace(/[\s\p{P}\p{S}\p{M}\u200d]+$/u, '')
		.replace(/\s+/gu, ' ');

export type ConsentWord = 'stop' | 'start' | null;

export function consentWord(text: string): ConsentWord {
	const word = wordOf(text);
	if (STOP.has(word)) return 'stop';
	if (START.has(word)) return 'start';
	return null;
}

/** A From address can be forged: a mail changes consent only when the receiving server vouched
 * for its sender (see channels/email/authResults.ts), so nobody can undo someone else's STOP. */
const senderMayChangeConsent = (message: Pick<InboundMessage, 'channel' | 'raw'>) =>
	message.channel !== 'email' || (message.raw as { fromAuthenticated?: unknown } | undefined)?.fromAuthenticated === true;

/**
 * Applies a STOP or START the customer wrote. STOP opts the customer out on every channel, since
 * they asked the business, not one app, to stop; START opts back in on every channel that still
 * reaches them (a Viber unsubscribe or a Telegram block is the platform's, and stays).
 * Call it with what the Conversation step logged; returns the word it applied, if any.
 */
export async function applyConsentWord(
	store: Store,
	logged: Pick<LoggedInbound, 'customer' | 'message'>,
	message: Pick<InboundMessage, 'channel' | 'raw'>,
): Promise<ConsentWord> {
	if (!senderMayChangeConsent(message)) return null;
	const word = consentWord(logged.message.text);
	if (word === 'stop') {
		await identitiesTable(store.db).unsubscribeCustomer(logged.customer.id);
	} else if (word === 'start') {
		await identitiesTable(store.db).resubscribeCustomer(logged.customer.id);
	}
	return word;
}
