import type { Channel, InboundMessage, OutboundMessage } from '../envelope';

/** An inbound HTTP call as a channel sent it; the raw bytes are kept because signatures cover them. */
export interface WebhookRequest {
	method: string;
	headers: Record<string, string | string[] | undefined>;
	query: Record<string, string | undefined>;
	rawBody: Buffer;
}

/** What happened on a channel that is not a customer message but changes what we may send. */
export interface ChannelEvent {
	channel: Channel;
	account: string;
	/** The channel's id of the event, for deduplication. */
	externalId: string;
	/** The customer's id on that channel and account. */
	userId: string;
	/** `rejected`: an item of an authentic delivery that could not be read; kept with its reason, the rest of the delivery goes on. */
	type: 'subscribed' | 'unsubscribed' | 'conversation_started' | 'delivered' | 'seen' | 'failed' | 'rejected';
	/** For `delivered`/`seen`/`failed`: the channel id of our message it concerns. */
	messageId?: string;
	reason?: string;
	at: string;
}

/**
 * The verdict on one webhook call, decided before anything is stored:
 * - `reject`: forged or unsigned; answer with the status and store nothing.
 * - `handshake`: the platform checking the URL (Meta hub.challenge, VK confirmation, Viber's webhook event).
 * - `accept`: authentic; the customer messages and other events it carries, and how to acknowledge it.
 */
export type WebhookVerdict =
	| { kind: 'reject'; status: number; reason: string }
	| { kind: 'handshake'; status: number; body: string; contentType: string }
	| ({ kind: 'accept'; ack: { status: number; body: string; contentType: string } } & Normalised);

/** What a channel's adapter reads out of one authentic delivery: its customer messages and other events. */
export interface Normalised {
	messages: InboundMessage[];
	events: ChannelEvent[];
	/** Items read and deliberately left out, each with why (a service notice, a channel post): nothing to store, nothing to retry. */
	ignored?: string[];
}

/**
 * The outcome of sending one outbound message, after the channel's own retries:
 * `transient` failures were retried until the attempts ran out; `permanent` ones were not retried
 * and say why (blocked, unsubscribed, outside the window, …).
 */
export type SendResult =
	| { ok: true; externalIds: string[] }
	| { ok: false; permanent: boolean; code: string; reason: string };

/** What the caller knows beyond the message; channel rules (24-hour windows) depend on it. */
export interface SendContext {
	/** When the customer last wrote on this channel (ISO time), if the caller knows. */
	lastInboundAt?: string | Date;
	/** E-mail threading: the Message-IDs of the thread so far, root first. */
	references?: string[];
	now?: () => Date;
	/**
	 * WhatsApp: the approved template that carries the text outside the 24-hour window instead of
	 * the credential's (a promotion needs a marketing-category one, the credential's is a utility
	 * template for service messages); null: no template may carry this message.
	 */
	template?: { name: string; language: string } | null;
}

/** Sends on one channel with that channel's credentials. */
export interface ChannelSender<Credentials> {
	readonly channel: Channel;
	send(credentials: Credentials, message: OutboundMessage, context?: SendContext): Promise<SendResult>;
}

/** Result codes after which a channel refuses every later message to that customer. */
export const REFUSAL_CODES: ReadonlySet<string> = new Set(['blocked', 'unsubscribed', 'not_subscribed', 'undeliverable', 'privacy']);
