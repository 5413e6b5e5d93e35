import type { Attachment, InboundMessage } from '../../envelope';
import type { ChannelEvent, Normalised } from '../types';
import { rejectedItem } from '../common/rejected';
import { isoFromSeconds } from '../common/time';
import {
	WhatsAppMessageSchema,
	WhatsAppStatusSchema,
	type WhatsAppContent,
	type WhatsAppMessage,
	type WhatsAppStatus,
	type WhatsAppValue,
	type WhatsAppWebhook,
} from './schema';

/** WhatsApp's delivery statuses as channel events; `sent` only says WhatsApp took it, which the send result already did. */
const STATUS_EVENTS: Record<string, ChannelEvent['type']> = { delivered: 'delivered', read: 'seen', failed: 'failed' };

/** Message types that are WhatsApp telling something, not the customer writing. */
const NOTICES: Record<string, string> = {
	system: 'a system notice (the customer changed number or security code)',
	call_permission_reply: "an answer to the business's request to call",
};

/**
 * Maps one WhatsApp webhook to envelope messages (keyed on the wamid, which WhatsApp keeps on
 * redelivery) and delivery events, one item at a time: an item that cannot be read is kept with
 * its reason and the others go on. `account` limits it to one phone number: an app's webhook
 * carries every number of the app, and replies must leave from the number that was written to.
 * What each kind becomes is the table in the channel's README.
 */
export function normaliseWhatsApp(body: WhatsAppWebhook, raw: unknown, account?: string): Normalised {
	const out: Required<Normalised> = { messages: [], events: [], ignored: [] };
	for (const entry of body.entry) {
		for (const change of entry.changes) {
			if (change.field !== 'messages') {
				out.ignored.push(`the ${change.field} change, which carries no customer message`);
				continue;
			}
			const value = change.value as WhatsAppValue;
			const phoneNumberId = value.metadata.phone_number_id;
			if (account && phoneNumberId !== account) continue;
			for (const error of value.errors ?? []) out.ignored.push(`WhatsApp reported an error of the number: ${[error.code, error.title].filter((x) => x !== undefined).join(' ')}`);
			for (const item of value.messages ?? []) {
				const message = WhatsAppMessageSchema.safeParse(item);
				if (!message.success) out.events.push(rejectedItem('whatsapp', phoneNumberId, item, message.error.issues, 'a WhatsApp message'));
				else {
					const notice = NOTICES[message.data.type] ?? NOTICES[message.data.interactive?.type ?? ''];
					if (notice) out.ignored.push(notice);
					else out.messages.push(inbound(message.data, value, phoneNumberId, raw));
				}
			}
			for (const item of value.statuses ?? []) {
				const status = WhatsAppStatusSchema.safeParse(item);
				const event = status.success ? statusEvent(status.data, phoneNumberId) : rejectedItem('whatsapp', phoneNumberId, item, status.error.issues, 'a WhatsApp status');
				if (event) out.events.push(event);
			}
		}
	}
	return out;
}

function inbound(m: WhatsAppMessage, value: WhatsAppValue, account: string, raw: unknown): InboundMessage {
	// The schema holds one of the two.
	const id = (m.from ?? m.from_user_id)!;
	const name = value.contacts?.find((c) => (m.from && c.wa_id === m.from) || (m.from_user_id && c.user_id === m.from_user_id))?.profile?.name;
	const content = m.edit?.message ?? m;
	const reply = content.interactive?.button_reply ?? content.interactive?.list_reply;
	const payload = reply?.id ?? content.button?.payload ?? content.interactive?.nfm_reply?.response_json;
	const revises = revisionOf(m);
	const replyTo = m.context?.id;
	return {
		channel: 'whatsapp',
		account,
		externalId: m.id,
		// A group is a conversation of its own; the sender is still the person who wrote.
		conversationKey: m.group_id ? `group:${m.group_id}` : id,
		sender: { id, ...(m.from ? { phone: `+${m.from}` } : {}), ...(name ? { name } : {}) },
		text: m.revoke || m.reaction ? '' : textOf(content, reply?.title),
		attachments: attachmentsOf(content),
		...(payload !== undefined ? { action: { payload } } : {}),
		...(replyTo ? { inReplyTo: replyTo } : {}),
		...(revises ? { revises } : {}),
		receivedAt: isoFromSeconds(m.timestamp),
		raw,
	};
}

function revisionOf(m: WhatsAppMessage): InboundMessage['revises'] {
	if (m.revoke) return { kind: 'delete', of: m.revoke.original_message_id };
	if (m.edit) return { kind: 'edit', of: m.edit.original_message_id };
	if (m.reaction) return { kind: 'reaction', of: m.reaction.message_id };
	return undefined;
}

function textOf(m: WhatsAppContent, replyTitle: string | undefined): string {
	const media = m.image ?? m.document ?? m.video;
	return m.text?.body ?? replyTitle ?? m.button?.text ?? m.interactive?.nfm_reply?.body ?? media?.caption ?? (m.order ? orderText(m.order) : '');
}

/** An order as the operator reads it: one line per product, with quantity and price. */
function orderText(order: NonNullable<WhatsAppContent['order']>): string {
	const lines = order.product_items.map((p) => `${p.product_retailer_id} × ${p.quantity}${p.item_price !== undefined ? ` at ${p.item_price} ${p.currency ?? ''}`.trimEnd() : ''}`);
	return [order.text || `Order from catalog ${order.catalog_id ?? ''}`.trimEnd(), ...lines].join('\n');
}

function attachmentsOf(m: WhatsAppContent): Attachment[] {
	const media: Array<[Attachment['type'], WhatsAppContent['image']]> = [
		['image', m.image],
		['file', m.document],
		['audio', m.audio],
		['audio', m.voice],
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
		const { latitude, longitude, name, address } = m.location;
		const label = [name, address].filter(Boolean).join(', ');
		found.push({ type: 'location', url: `geo:${latitude},${longitude}`, ...(label ? { name: label } : {}) });
	}
	for (const card of m.contacts ?? []) {
		const phone = card.phones?.find((p) => p.phone)?.phone;
		const name = card.name?.formatted_name ?? [card.name?.first_name, card.name?.last_name].filter(Boolean).join(' ');
		found.push({ type: 'contact', ...(name ? { name } : {}), ...(phone ? { url: `tel:${phone.replace(/[^\d+]/g, '')}` } : {}) });
	}
	if (m.reaction) found.push({ type: 'reaction', ...(m.reaction.emoji ? { name: m.reaction.emoji } : {}) });
	if (!found.length && !m.text && !m.interactive?.button_reply && !m.interactive?.list_reply && !m.interactive?.nfm_reply && !m.button && !m.order && m.type !== 'revoke') {
		found.push({ type: 'unsupported', name: m.unsupported?.type ?? m.type });
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
