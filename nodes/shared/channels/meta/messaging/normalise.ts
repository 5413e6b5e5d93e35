import type { Attachment, InboundMessage } from '../../../envelope';
import type { ChannelEvent } from '../../types';
import type { Normalised } from '../webhook';
import type { MessagingEvent, MessagingWebhook } from './schema';

export type MessagingPlatform = 'messenger' | 'instagram';

const ATTACHMENT_TYPES: Record<string, Attachment['type']> = {
	image: 'image',
	video: 'video',
	audio: 'audio',
	file: 'file',
	location: 'location',
	sticker: 'sticker',
};

/**
 * Maps a Messenger or Instagram webhook to envelope messages, keyed on `mid` (kept on
 * redelivery), and delivery events. Echoes of our own sends are neither. `account` limits it to
 * one page or Instagram account (`entry.id`), as one app's webhook serves all of them.
 */
export function normaliseMessaging(
	body: MessagingWebhook,
	raw: unknown,
	platform: MessagingPlatform,
	account?: string,
): Normalised {
	const messages: InboundMessage[] = [];
	const events: ChannelEvent[] = [];
	for (const entry of body.entry) {
		if (account && entry.id !== account) continue;
		for (const event of entry.messaging ?? []) {
			const message = inbound(event, platform, entry.id, raw);
			if (message) messages.push(message);
			events.push(...deliveryEvents(event, platform, entry.id));
		}
	}
	return { messages, events };
}

function inbound(e: MessagingEvent, channel: MessagingPlatform, account: string, raw: unknown): InboundMessage | undefined {
	const base = {
		channel,
		account,
		conversationKey: e.sender.id,
		sender: { id: e.sender.id },
		receivedAt: isoTime(e.timestamp),
		raw,
	};
	if (e.message && !e.message.is_echo) {
		const { mid, text, quick_reply, reply_to, attachments } = e.message;
		return {
			...base,
			externalId: mid,
			text: text ?? '',
			attachments: (attachments ?? []).map((a) => ({
				type: ATTACHMENT_TYPES[a.type] ?? 'file',
				...(a.payload?.url ? { url: a.payload.url } : {}),
				...(a.payload?.title ? { name: a.payload.title } : {}),
			})),
			...(quick_reply ? { action: { payload: quick_reply.payload } } : {}),
			...(reply_to?.mid ? { inReplyTo: reply_to.mid } : {}),
		};
	}
	if (e.postback?.payload !== undefined) {
		return {
			...base,
			// Older postbacks carry no mid; the sender and the time identify them just as well.
			externalId: e.postback.mid ?? `postback:${e.sender.id}:${e.timestamp}`,
			text: e.postback.title ?? e.postback.payload,
			attachments: [],
			action: { payload: e.postback.payload },
		};
	}
	return undefined;
}

function deliveryEvents(e: MessagingEvent, channel: MessagingPlatform, account: string): ChannelEvent[] {
	// On delivery and read the customer is the sender; the page is the recipient.
	const base = { channel, account, userId: e.sender.id };
	if (e.delivery) {
		const at = isoTime(e.delivery.watermark);
		return (e.delivery.mids ?? []).map((mid) => ({ ...base, externalId: `delivered:${mid}`, type: 'delivered' as const, messageId: mid, at }));
	}
	if (e.read) {
		const { mid, watermark } = e.read;
		const at = isoTime(watermark ?? e.timestamp);
		return [{ ...base, externalId: `seen:${mid ?? `${e.sender.id}:${watermark}`}`, type: 'seen', ...(mid ? { messageId: mid } : {}), at }];
	}
	return [];
}

const isoTime = (ms: number | undefined) => new Date(ms ?? Date.now()).toISOString();
