import type { Attachment, InboundMessage } from '../../envelope';
import type { Normalised } from '../meta/webhook';
import type { ChannelEvent } from '../types';
import { rejectedItem } from '../common/rejected';
import { isoFromSeconds } from '../common/time';
import { WhatsAppMessageSchema, WhatsAppStatusSchema, type WhatsAppMessage, type WhatsAppStatus, type WhatsAppValue, type WhatsAppWebhook } from './schema';

/** WhatsApp's delivery statuses as channel events; `sent` only says WhatsApp took it, which the send result already did. */
const STATUS_EVENTS: Record<string, ChannelEvent['type']> = { delivered: 'delivered', read: 'seen', failed: 'failed' };

/**
 * Maps one WhatsApp webhook to envelope messages (keyed on the wamid, which WhatsApp keeps on
 * redelivery) and delivery events. `account` limits it to one phone number: an app's webhook
 * carries every number of the app, and replies must leave from the number that was written to.
 */
export function normaliseWhatsApp(body: WhatsAppWebhook, raw: unknown, account?: string): Normalised {
	const messages: InboundMessage[] = [];
	const events: ChannelEvent[] = [];
	for (const entry of body.entry) {
		for (const change of entry.changes) {
			if (change.field !== 'messages') continue;
			const value = change.value as WhatsAppValue;
			const phoneNumberId = value.metadata.phone_number_id;
			if (account && phoneNumberId !== account) continue;
			for (const item of value.messages ?? []) {
				const message = WhatsAppMessageSchema.safeParse(item);
				if (message.success) messages.push(inbound(message.data, value, phoneNumberId, raw));
				else events.push(rejectedItem('whatsapp', phoneNumberId, item, message.error.issues, 'a WhatsApp message'));
			}
			for (const item of value.statuses ?? []) {
				const status = WhatsAppStatusSchema.safeParse(item);
				const event = status.success ? statusEvent(status.data, phoneNumberId) : rejectedItem('whatsapp', phoneNumberId, item, status.error.issues, 'a WhatsApp status');
				if (event) events.push(event);
			}
		}
	}
	return { messages, events };
}

function inbound(m: WhatsAppMessage, value: WhatsAppValue, account: string, raw: unknown): InboundMessage {
	const name = value.contacts?.find((c) => c.wa_id === m.from)?.profile?.name;
	const reply = m.interactive?.button_reply ?? m.interactive?.list_reply;
	const payload = reply?.id ?? m.button?.payload;
	return {
		channel: 'whatsapp',
		account,
		externalId: m.id,
		conversationKey: m.from,
		sender: { id: m.from, phone: `+${m.from}`, ...(name ? { name } : {}) },
		text: textOf(m, reply?.title),
		attachments: attachmentsOf(m),
		...(payload !== undefined ? { action: { payload } } : {}),
		...(m.context?.id || m.reaction ? { inReplyTo: m.context?.id ?? m.reaction?.message_id } : {}),
		receivedAt: isoFromSeconds(m.timestamp),
		raw,
	};
}

function textOf(m: WhatsAppMessage, replyTitle: string | undefined): string {
	const media = m.image ?? m.document ?? m.video;
	return m.text?.body ?? replyTitle ?? m.button?.text ?? media?.caption ?? m.reaction?.emoji ?? '';
}

function attachmentsOf(m: WhatsAppMessage): Attachment[] {
	const media: Array<[Attachment['type'], WhatsAppMessage['image']]> = [
		['image', m.image],
		['file', m.document],
		['audio', m.audio],
		['video', m.video],
		['sticker', m.sticker],
	];
	const found: Attachment[] = media
		.filter(([, file]) => file)
		.map(([type, file]) => ({
			type,
			fileId: file!.id,
			...(file!.mime_type ? { mimeType: file!.mime_type } : {}),
			...(file!.filename ? { name: file!.filename } : {}),
		}));
	if (m.location) {
		const { latitude, longitude, name } = m.location;
		found.push({ type: 'location', url: `geo:${latitude},${longitude}`, ...(name ? { name } : {}) });
	}
	return found;
}

function statusEvent(s: WhatsAppStatus, account: string): ChannelEvent | undefined {
	const type = STATUS_EVENTS[s.status];
	if (!type) return undefined;
	const error = s.errors?.[0];
	const reason = error && [error.code, error.title, error.error_data?.details ?? error.message].filter(Boolean).join(' ');
	return {
		channel: 'whatsapp',
		account,
		// One wamid goes through sent, delivered, read: the status is part of the event's identity.
		externalId: `${s.id}:${s.status}`,
		userId: s.recipient_id,
		type,
		messageId: s.id,
		...(reason ? { reason } : {}),
		at: isoFromSeconds(s.timestamp),
	};
}
