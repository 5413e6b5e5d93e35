import type { InboundMessage } from '../envelope';
import type { LoggedInbound, Store } from '../store';
import { identitiesTable } from '../store/identities';

/**
 * Messages that mean "no more offers" / "yes, send me news", in the pack's languages. Only a
 * message that is nothing but the word counts: "stop the order" is a support question, not an opt-out.
 * STOP is the word every marketing message tells people to send, and it ends marketing: notices
 * about the customer's own order or an outage they are hit by still reach them (as carriers and
 * WhatsApp treat service messages). Asking for no messages at all takes words that say so (STOP_ALL).
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
 * "No messages at all", service notices included. Compared without accents and with one kind of
 * apostrophe (see phraseOf), so each phrase is written once.
 */
const STOP_ALL_PHRASES = [
	'stop all', 'stop all messages', 'stop everything', 'unsubscribe all', 'unsubscribe from all', 'unsubscribe from everything',
	'no more messages', 'do not message me', "don't message me", 'do not contact me', "don't contact me",
	'стоп все', 'стоп всё', 'стоп все сообщения', 'отписаться от всего', 'отписаться от всех', 'отписаться от всех сообщений',
	'отпишите от всего', 'отпишите меня от всего', 'не пишите мне', 'больше не пишите', 'больше не пишите мне',
	'стоп усі', 'стоп усе', 'стоп усі повідомлення', 'стоп все повідомлення', 'відписатися від усього', 'відписатися від усіх повідомлень',
	'відпишіть мене від усього', 'не пишіть мені', 'більше не пишіть', 'більше не пишіть мені',
	'stop tout', 'tout arrêter', 'arrêter tout', 'arrêt total', 'stop à tout', 'se désabonner de tout', 'désabonner de tout',
	'ne m’écrivez plus', 'ne plus recevoir de messages', 'plus aucun message',
];

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

/** A phrase as STOP_ALL_PHRASES are compared: phones type "arreter tout" and "don’t" as often as "arrêter tout" and "don't". */
const phraseOf = (text: string) => wordOf(text).normalize('NFD').replace(/\p{M}/gu, '').replace(/[’ʼ`]/gu, "'");

const STOP_ALL = new Set(STOP_ALL_PHRASES.map(phraseOf));

/** `stop`: no more offers; `stop_all`: no messages at all; `start`: offers welcome again (and any message). */
export type ConsentWord = 'stop' | 'stop_all' | 'start' | null;

export function consentWord(text: string): ConsentWord {
	const word = wordOf(text);
	if (STOP.has(word)) return 'stop';
	if (START.has(word)) return 'start';
	if (STOP_ALL.has(phraseOf(text))) return 'stop_all';
	return null;
}

/** A From address can be forged: a mail changes consent only when the receiving server vouched
 * for its sender (see channels/email/authResults.ts), so nobody can undo someone else's STOP. */
const senderMayChangeConsent = (message: Pick<InboundMessage, 'channel' | 'raw'>) =>
	message.channel !== 'email' || (message.raw as { fromAuthenticated?: unknown } | undefined)?.fromAuthenticated === true;

/**
 * Applies a STOP, STOP ALL or START the customer wrote. Each holds on every channel, since they
 * asked the business, not one app; START opts back in on every channel that still reaches them (a
 * Viber unsubscribe or a Telegram block is the platform's, and stays). A STOP after STOP ALL asks
 * for no less silence than before, so it leaves STOP ALL in place.
 * Call it with what the Conversation step logged; returns the word it applied, if any.
 */
export async function applyConsentWord(
	store: Store,
	logged: Pick<LoggedInbound, 'customer' | 'message'>,
	message: Pick<InboundMessage, 'channel' | 'raw'>,
): Promise<ConsentWord> {
	if (!senderMayChangeConsent(message)) return null;
	const word = consentWord(logged.message.text);
	const identities = identitiesTable(store.db);
	if (word === 'stop') await identities.unsubscribeCustomer(logged.customer.id);
	else if (word === 'stop_all') await identities.unsubscribeCustomer(logged.customer.id, 'all');
	else if (word === 'start') await identities.resubscribeCustomer(logged.customer.id);
	return word;
}
