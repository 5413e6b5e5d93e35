import type { Attachment, InboundMessage } from '../../envelope';
import type { ChannelEvent } from '../types';
import { describeIssues } from '../common/webhook';
import { ConsentObjectSchema, MessageNewSchema, VkAttachmentSchema, type Callback, type VkMessage } from './schema';

/** The key our button payloads are wrapped in (VK payloads are JSON objects). */
export const PAYLOAD_KEY = 'cc';

export interface NormaliseContext {
	account: string;
	/** The raw JSON of the callback, kept on every message. */
	raw: unknown;
	/** message_allow and message_deny carry no date of their own. */
	now: () => Date;
}

export type Normalised = { messages: InboundMessage[]; events: ChannelEvent[] } | { reason: string };

const CONSENT: Record<string, ChannelEvent['type']> = { message_allow: 'subscribed', message_deny: 'unsubscribed' };

/**
 * Maps one callback to envelope messages and consent events; the event_id is the externalId of
 * all it yields, since VK redelivers the same event_id until it gets `ok`. Other event types
 * (our own messages echoed as message_reply, edits, typing, …) yield nothing.
 */
export function normaliseCallback(callback: Callback, eventId: string, ctx: NormaliseContext): Normalised {
	if (callback.type === 'message_new') {
		const parsed = MessageNewSchema.safeParse(callback.object);
		if (!parsed.success) return { reason: `The message_new object is not a message: ${describeIssues(parsed.error.issues)}` };
		return { messages: [toInbound(parsed.data.message, eventId, ctx)], events: [] };
	}
	const type = CONSENT[callback.type];
	if (!type) return { messages: [], events: [] };
	const parsed = ConsentObjectSchema.safeParse(callback.object);
	if (!parsed.success) return { reason: `The ${callback.type} object has no user_id` };
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

function toInbound(message: VkMessage, eventId: string, ctx: NormaliseContext): InboundMessage {
	const payload = payloadOf(message.payload);
	return {
		channel: 'vk',
		account: ctx.account,
		externalId: eventId,
		conversationKey: String(message.peer_id),
		sender: { id: String(message.from_id) },
		text: message.text,
		attachments: attachmentsOf(message),
		...(payload === undefined ? {} : { action: { payload } }),
		...(message.reply_message ? { inReplyTo: String(message.reply_message.id) } : {}),
		receivedAt: new Date(message.date * 1000).toISOString(),
		raw: ctx.raw,
	};
}

/** Our buttons carry `{"cc":"<payload>"}`; any other payload (VK's own Start button) is passed on as its JSON text. */
function payloadOf(payload: string | undefined): string | undefined {
	if (payload === undefined) return undefined;
	try {
		const value = JSON.parse(payload) as unknown;
		const ours = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[PAYLOAD_KEY] : undefined;
		return typeof ours === 'string' ? ours : payload;
	} catch {
		return payload;
	}
}

/** VK names media `<type><owner_id>_<id>`, which messages.send takes back as an attachment. */
const mediaId = (type: string, m: { owner_id: number; id: number }) => `${type}${m.owner_id}_${m.id}`;

function attachmentsOf(message: VkMessage): Attachment[] {
	const found: Attachment[] = [];
	for (const item of message.attachments) {
		const known = VkAttachmentSchema.safeParse(item);
		if (!known.success) continue;
		const a = known.data;
		if (a.type === 'photo') {
			const largest = a.photo.sizes.reduce<(typeof a.photo.sizes)[number] | undefined>(
				(best, s) => (!best || s.width * s.height >= best.width * best.height ? s : best),
				undefined,
			);
			found.push({ type: 'image', url: largest?.url, fileId: mediaId('photo', a.photo) });
		} else if (a.type === 'doc') {
			found.push({ type: 'file', url: a.doc.url, fileId: mediaId('doc', a.doc), name: a.doc.title, size: a.doc.size });
		} else if (a.type === 'audio_message') {
			found.push({ type: 'audio', url: a.audio_message.link_mp3 ?? a.audio_message.link_ogg, fileId: mediaId('audio_message', a.audio_message) });
		} else if (a.type === 'video') {
			found.push({ type: 'video', fileId: mediaId('video', a.video), name: a.video.title });
		} else {
			found.push({ type: 'sticker', fileId: String(a.sticker.sticker_id) });
		}
	}
	if (message.geo) found.push({ type: 'location', url: `geo:${message.geo.coordinates.latitude},${message.geo.coordinates.longitude}` });
	return found;
}
