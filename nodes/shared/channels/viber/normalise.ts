import type { Attachment, InboundMessage, Sender } from '../../envelope';
import type { ChannelEvent, Normalised } from '../types';
import type { ViberCallback, ViberMessage, ViberUser } from './schema';

/**
 * Button presses come back as the ActionBody we gave the button, sent as the customer's text.
 * The prefix tells a press from a customer who happens to type a payload-like word.
 */
export const ACTION_PREFIX = 'cc:';

export interface NormaliseContext {
	account: string;
	/** The raw JSON of the callback, kept on every message. */
	raw: unknown;
}

const CONSENT: Record<string, ChannelEvent['type']> = {
	subscribed: 'subscribed',
	unsubscribed: 'unsubscribed',
	conversation_started: 'conversation_started',
	delivered: 'delivered',
	seen: 'seen',
	failed: 'failed',
};

/**
 * Maps one callback to envelope messages and channel events. A message's externalId is its
 * message_token. Events get `event:timestamp:user` instead: `delivered` and `seen` of one message
 * carry the same message_token (ours), which would make the second look like a repeat.
 */
export function normaliseCallback(callback: ViberCallback, ctx: NormaliseContext): Normalised {
	if (callback.event === 'message' && callback.sender && callback.message && callback.message_token) {
		return { messages: [toInbound(callback, callback.sender, callback.message, callback.message_token, ctx)], events: [] };
	}
	const type = CONSENT[callback.event];
	const userId = callback.user?.id ?? callback.user_id;
	if (!type || !userId) return { messages: [], events: [], ignored: [`the ${callback.event} callback, which carries no customer message`] };
	const event: ChannelEvent = {
		channel: 'viber',
		account: ctx.account,
		externalId: `${callback.event}:${callback.timestamp}:${userId}`,
		userId,
		type,
		at: new Date(callback.timestamp).toISOString(),
	};
	if (type === 'delivered' || type === 'seen' || type === 'failed') event.messageId = callback.message_token;
	if (callback.desc) event.reason = callback.desc;
	return { messages: [], events: [event] };
}

function toInbound(
	callback: ViberCallback,
	user: ViberUser,
	message: ViberMessage,
	token: string,
	ctx: NormaliseContext,
): InboundMessage {
	const text = message.type === 'url' ? withLink(message.text, message.media) : (message.text ?? '');
	const pressed = message.type === 'text' && text.startsWith(ACTION_PREFIX) ? text.slice(ACTION_PREFIX.length) : undefined;
	return {
		channel: 'viber',
		account: ctx.account,
		externalId: token,
		conversationKey: user.id,
		sender: senderOf(user),
		text: pressed ?? text,
		attachments: attachmentsOf(message),
		...(pressed === undefined ? {} : { action: { payload: pressed } }),
		receivedAt: new Date(callback.timestamp).toISOString(),
		raw: ctx.raw,
	};
}

function senderOf(user: ViberUser): Sender {
	const sender: Sender = { id: user.id, name: user.name, language: user.language };
	if (user.country) sender.fields = { country: user.country };
	return sender;
}

/** A shared link is the message: the customer's words, then the link unless they already hold it. */
function withLink(text: string | undefined, link: string | undefined): string {
	if (!link || text?.includes(link)) return text ?? '';
	return text ? `${text}\n${link}` : link;
}

const MEDIA_TYPES: Record<string, Attachment['type']> = { picture: 'image', video: 'video', file: 'file' };
const PLAIN_TYPES = new Set(['text', 'url']);

function attachmentsOf(m: ViberMessage): Attachment[] {
	const media = MEDIA_TYPES[m.type];
	if (media && m.media) return [{ type: media, url: m.media, name: m.file_name, size: m.size }];
	if (m.type === 'sticker') return [{ type: 'sticker', ...(m.sticker_id !== undefined ? { fileId: String(m.sticker_id) } : {}), url: m.media }];
	if (m.type === 'location' && m.location) return [{ type: 'location', url: `geo:${m.location.lat},${m.location.lon}` }];
	if (m.type === 'contact' && m.contact) {
		return [{ type: 'contact', name: m.contact.name, url: m.contact.phone_number && `tel:${m.contact.phone_number}` }];
	}
	// A kind this pack does not know, or media that came without its file: the operator sees that something was sent.
	if (!PLAIN_TYPES.has(m.type) || !(m.text || m.media)) return [{ type: 'unsupported', name: m.type }];
	return [];
}
