import type { Attachment, InboundMessage } from '../../envelope';
import type { ChannelEvent, Normalised } from '../types';
import { rejectedItem } from '../common/rejected';
import { ConsentObjectSchema, MessageEventSchema, MessageNewSchema, VkAttachmentSchema, type Callback, type VkAttachment, type VkMessage } from './schema';

/** The key our button payloads are wrapped in (VK payloads are JSON objects). */
export const PAYLOAD_KEY = 'cc';

export interface NormaliseContext {
	account: string;
	/** The raw JSON of the callback, kept on every message. */
	raw: unknown;
	/** message_allow, message_deny and message_event carry no date of their own. */
	now: () => Date;
}

const CONSENT: Record<string, ChannelEvent['type']> = { message_allow: 'subscribed', message_deny: 'unsubscribed' };

/**
 * Maps one callback to envelope messages and consent events; the event_id is the externalId of
 * all it yields, since VK redelivers the same event_id until it gets `ok`. An object that cannot
 * be read is kept as a rejected item with its reason and acknowledged like any other: VK would
 * otherwise send the same unreadable event again and again. What each type becomes is the table in
 * the channel's README.
 */
export function normaliseCallback(callback: Callback, eventId: string, ctx: NormaliseContext): Normalised {
	const rejected = (issues: Array<{ path: Array<string | number>; message: string }>) => ({
		messages: [],
		events: [rejectedItem('vk', ctx.account, callback.object, issues, `a VK ${callback.type} object`)],
	});
	const ignored = (reason: string): Normalised => ({ messages: [], events: [], ignored: [reason] });

	if (callback.type === 'message_new' || callback.type === 'message_edit') {
		const parsed = MessageNewSchema.safeParse(callback.type === 'message_new' ? callback.object : { message: callback.object });
		if (!parsed.success) return rejected(parsed.error.issues);
		const message = parsed.data.message;
		if (message.action) return ignored(`the chat action ${message.action.type}`);
		if (message.from_id < 0) return ignored('a message written by a community');
		if (!message.text && !message.attachments.length && !message.geo && !message.fwd_messages.length && !message.payload) return ignored('an empty message');
		return { messages: [toInbound(message, eventId, callback.type === 'message_edit', ctx)], events: [] };
	}
	if (callback.type === 'message_event') {
		const parsed = MessageEventSchema.safeParse(callback.object);
		if (!parsed.success) return rejected(parsed.error.issues);
		return { messages: [pressed(parsed.data, eventId, ctx)], events: [] };
	}
	const type = CONSENT[callback.type];
	if (!type) return ignored(`the ${callback.type} event, which carries no customer message`);
	const parsed = ConsentObjectSchema.safeParse(callback.object);
	if (!parsed.success) return rejected(parsed.error.issues);
	const event: ChannelEvent = {
		channel: 'vk',
		account: ctx.account,
		externalId: eventId,
		userId: String(parsed.data.user_id),
		type,
		at: ctx.now().toISOString(),
	};
	return { messages: [], events: [event] };
}

function toInbound(message: VkMessage, eventId: string, edited: boolean, ctx: NormaliseContext): InboundMessage {
	const payload = payloadOf(message.payload);
	const replyTo = message.reply_message && messageIdOf(message.reply_message);
	const id = messageIdOf(message);
	return {
		channel: 'vk',
		account: ctx.account,
		externalId: eventId,
		...(id ? { messageId: id } : {}),
		// A chat (peer id above 2·10⁹) is a conversation of its own; the sender is still the person who wrote.
		conversationKey: String(message.peer_id ?? message.from_id),
		sender: { id: String(message.from_id) },
		text: message.text,
		attachments: attachmentsOf(message),
		...(payload === undefined ? {} : { action: { payload } }),
		...(replyTo ? { inReplyTo: replyTo, ...(message.reply_message?.text ? { quote: message.reply_message.text } : {}) } : {}),
		...(edited && id ? { revises: { kind: 'edit' as const, of: id } } : {}),
		receivedAt: new Date(message.date * 1000).toISOString(),
		raw: ctx.raw,
	};
}

/**
 * A message's id in the community's dialogs; a chat's messages have none there (0), and are named by
 * their number within the chat instead.
 */
function messageIdOf(m: { id?: number; conversation_message_id?: number }): string | undefined {
	if (m.id) return String(m.id);
	return m.conversation_message_id !== undefined ? `chat:${m.conversation_message_id}` : undefined;
}

function pressed(event: { user_id: number; peer_id: number; payload?: unknown; conversation_message_id?: number }, eventId: string, ctx: NormaliseContext): InboundMessage {
	const payload = payloadOf(typeof event.payload === 'string' ? event.payload : JSON.stringify(event.payload ?? null)) ?? '';
	return {
		channel: 'vk',
		account: ctx.account,
		externalId: eventId,
		conversationKey: String(event.peer_id),
		sender: { id: String(event.user_id) },
		text: payload,
		attachments: [],
		action: { payload },
		receivedAt: ctx.now().toISOString(),
		raw: ctx.raw,
	};
}

/** Our buttons carry `{"cc":"<payload>"}`; a payload that is a JSON string is that string; any other (VK's own Start button) is passed on as its JSON text. */
function payloadOf(payload: string | undefined): string | undefined {
	if (payload === undefined) return undefined;
	try {
		const value = JSON.parse(payload) as unknown;
		if (typeof value === 'string') return value;
		const ours = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[PAYLOAD_KEY] : undefined;
		return typeof ours === 'string' ? ours : payload;
	} catch {
		return payload;
	}
}

/** VK names media `<type><owner_id>_<id>`, which messages.send takes back as an attachment. */
const mediaId = (type: string, m: { owner_id?: number; id?: number }) =>
	m.owner_id !== undefined && m.id !== undefined ? { fileId: `${type}${m.owner_id}_${m.id}` } : {};

const largest = <T extends { width: number; height: number }>(sizes: T[]): T | undefined =>
	sizes.reduce<T | undefined>((best, s) => (!best || s.width * s.height >= best.width * best.height ? s : best), undefined);

function attachmentsOf(message: VkMessage): Attachment[] {
	const found = message.attachments.map((item) => {
		const known = VkAttachmentSchema.safeParse(item);
		return known.success ? attachmentOf(known.data) : unsupported(item);
	});
	if (message.geo) found.push({ type: 'location', url: `geo:${message.geo.coordinates.latitude},${message.geo.coordinates.longitude}` });
	if (message.fwd_messages.length) found.push({ type: 'unsupported', name: 'forwarded messages' });
	return found;
}

function attachmentOf(a: VkAttachment): Attachment {
	switch (a.type) {
		case 'photo':
			return { type: 'image', url: largest(a.photo.sizes)?.url, ...mediaId('photo', a.photo) };
		case 'graffiti':
			return { type: 'image', url: a.graffiti.url, name: 'graffiti', ...mediaId('graffiti', a.graffiti) };
		case 'doc':
			return { type: 'file', url: a.doc.url, name: a.doc.title, size: a.doc.size, ...mediaId('doc', a.doc) };
		case 'audio_message':
			return { type: 'audio', url: a.audio_message.link_mp3 ?? a.audio_message.link_ogg, ...mediaId('audio_message', a.audio_message) };
		case 'video':
			return { type: 'video', name: a.video.title, ...mediaId('video', a.video) };
		case 'sticker':
			return { type: 'sticker', url: largest(a.sticker.images)?.url, ...(a.sticker.sticker_id !== undefined ? { fileId: String(a.sticker.sticker_id) } : {}) };
		case 'link':
			return { type: 'file', url: a.link.url, name: a.link.title ?? a.link.url };
		case 'wall': {
			const owner = a.wall.owner_id ?? a.wall.to_id ?? a.wall.from_id;
			const url = owner !== undefined && a.wall.id !== undefined ? `https://vk.com/wall${owner}_${a.wall.id}` : undefined;
			return { type: 'unsupported', name: 'wall', ...(url ? { url } : {}) };
		}
	}
}

/** A kind this pack does not show (a poll, a gift, a market item, a story…), named so that the operator knows what came. */
function unsupported(item: unknown): Attachment {
	const type = typeof item === 'object' && item !== null ? (item as { type?: unknown }).type : undefined;
	return { type: 'unsupported', name: typeof type === 'string' && type ? type : 'unknown' };
}
