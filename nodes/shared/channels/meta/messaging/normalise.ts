import type { Attachment, InboundMessage } from '../../../envelope';
import type { ChannelEvent, Normalised } from '../../types';
import { rejectedItem } from '../../common/rejected';
import { MessagingEventSchema, type MessagingAttachment, type MessagingEvent, type MessagingWebhook } from './schema';

export type MessagingPlatform = 'messenger' | 'instagram';

const TITLES: Record<MessagingPlatform, string> = { messenger: 'a Messenger event', instagram: 'an Instagram event' };

const ATTACHMENT_TYPES: Record<string, Attachment['type']> = {
	image: 'image',
	video: 'video',
	audio: 'audio',
	file: 'file',
	location: 'location',
	sticker: 'sticker',
	// Instagram's heart sticker.
	like_heart: 'sticker',
	// A link the customer shared, with its title: a file the operator can open.
	fallback: 'file',
};

/** The fields every event carries; any other names what kind of event it is. */
const ENVELOPE_FIELDS = new Set(['sender', 'recipient', 'timestamp']);

/**
 * Maps a Messenger or Instagram webhook to envelope messages, keyed on `mid` (kept on
 * redelivery), and delivery events, one event at a time: an event that cannot be read is kept
 * with its reason and the others go on. `account` limits it to one page or Instagram account
 * (`entry.id`), as one app's webhook serves all of them. What each kind becomes is the table in
 * the channel's README.
 */
export function normaliseMessaging(
	body: MessagingWebhook,
	raw: unknown,
	platform: MessagingPlatform,
	account?: string,
): Normalised {
	const out: Required<Normalised> = { messages: [], events: [], ignored: [] };
	for (const entry of body.entry) {
		if (account && entry.id !== account) continue;
		for (const item of entry.messaging ?? []) {
			const parsed = MessagingEventSchema.safeParse(item);
			if (!parsed.success) {
				out.events.push(rejectedItem(platform, entry.id, item, parsed.error.issues, TITLES[platform]));
				continue;
			}
			const event = parsed.data;
			const message = inbound(event, { channel: platform, account: entry.id, raw });
			if (message) out.messages.push(message);
			else {
				const receipts = deliveryEvents(event, platform, entry.id);
				if (receipts) out.events.push(...receipts);
				else out.ignored.push(ignoredReason(event));
			}
		}
		if (entry.standby?.length) out.ignored.push(`${entry.standby.length} standby event(s): another app of the page holds the conversation`);
		for (const change of entry.changes ?? []) out.ignored.push(`an account change of field ${change.field}, not a messaging event`);
	}
	return out;
}

function ignoredReason(e: MessagingEvent): string {
	if (e.message?.is_echo) return 'an echo of a message the page sent';
	const kind = Object.keys(e).find((key) => !ENVELOPE_FIELDS.has(key));
	return kind ? `the ${kind} event, which carries no customer message` : 'an event with nothing but its sender and time';
}

interface Base {
	channel: MessagingPlatform;
	account: string;
	raw: unknown;
}

function inbound(e: MessagingEvent, where: Base): InboundMessage | undefined {
	const sender = e.sender?.id;
	if (!sender) return undefined;
	const base = { ...where, conversationKey: sender, sender: { id: sender }, receivedAt: isoTime(e.timestamp), attachments: [] as Attachment[] };
	const m = e.message;
	if (m?.is_deleted) return { ...base, externalId: `deleted:${m.mid}`, text: '', revises: { kind: 'delete', of: m.mid } };
	if (m && !m.is_echo) {
		const replyTo = m.reply_to?.mid ?? (m.reply_to?.story && `story:${m.reply_to.story.id}`);
		return {
			...base,
			externalId: m.mid,
			text: m.text ?? '',
			attachments: [...(m.attachments ?? []).map(attachmentOf), ...(m.is_unsupported ? [{ type: 'unsupported' as const, name: 'unknown' }] : [])],
			...(m.quick_reply ? { action: { payload: m.quick_reply.payload } } : {}),
			...(replyTo ? { inReplyTo: replyTo } : {}),
		};
	}
	if (e.message_edit) {
		const { mid, text, num_edit } = e.message_edit;
		return { ...base, externalId: `edit:${mid}:${num_edit ?? e.timestamp}`, text: text ?? '', revises: { kind: 'edit', of: mid } };
	}
	if (e.reaction) {
		const { mid, action, emoji, reaction } = e.reaction;
		const name = action === 'react' ? (emoji ?? reaction) : undefined;
		return {
			...base,
			externalId: `reaction:${mid}:${sender}:${action}:${e.timestamp}`,
			text: '',
			// No emoji: the customer took the reaction back.
			attachments: [{ type: 'reaction', ...(name ? { name } : {}) }],
			revises: { kind: 'reaction', of: mid },
		};
	}
	if (e.postback?.payload !== undefined) {
		return {
			...base,
			// Older postbacks carry no mid; the sender and the time identify them just as well.
			externalId: e.postback.mid ?? `postback:${sender}:${e.timestamp}`,
			text: e.postback.title ?? e.postback.payload,
			action: { payload: e.postback.payload },
		};
	}
	return undefined;
}

/** Known kinds as they are; a location as coordinates; a story mention, a shared post or reel and other kinds as unsupported, named, with their link. */
function attachmentOf(a: MessagingAttachment): Attachment {
	const url = a.payload?.url;
	const name = a.payload?.title;
	const place = a.payload?.coordinates;
	if (place) return { type: 'location', url: `geo:${place.lat},${place.long}`, ...(name ? { name } : {}) };
	if (a.payload?.sticker_id !== undefined) return { type: 'sticker', fileId: String(a.payload.sticker_id), ...(url ? { url } : {}) };
	const type = ATTACHMENT_TYPES[a.type];
	if (!type) return { type: 'unsupported', name: a.type, ...(url ? { url } : {}) };
	return { type, ...(url ? { url } : {}), ...(name ? { name } : {}) };
}

function deliveryEvents(e: MessagingEvent, channel: MessagingPlatform, account: string): ChannelEvent[] | undefined {
	// On delivery and read the customer is the sender; the page is the recipient.
	const userId = e.sender?.id;
	if (!userId) return undefined;
	const base = { channel, account, userId };
	if (e.delivery) {
		const at = isoTime(e.delivery.watermark);
		return (e.delivery.mids ?? []).map((mid) => ({ ...base, externalId: `delivered:${mid}`, type: 'delivered' as const, messageId: mid, at }));
	}
	if (e.read) {
		const { mid, watermark } = e.read;
		const at = isoTime(watermark ?? e.timestamp);
		return [{ ...base, externalId: `seen:${mid ?? `${userId}:${watermark}`}`, type: 'seen', ...(mid ? { messageId: mid } : {}), at }];
	}
	return undefined;
}

const isoTime = (ms: number | undefined) => new Date(ms ?? Date.now()).toISOString();
