import type { Attachment, InboundMessage, Sender } from '../../envelope';
import type { ChannelEvent } from '../types';
import type { Message, MediaFile, Update, User } from './schema';
import { isoFromSeconds } from '../common/time';

export interface NormaliseContext {
	botId: string;
	/** The raw JSON of the update, kept on every message. */
	raw: unknown;
	/** Callback queries carry no date of their own. */
	now: () => Date;
}

export interface Normalised {
	messages: InboundMessage[];
	events: ChannelEvent[];
}

/**
 * Maps one Update to envelope messages and channel events. The update_id is the externalId of
 * everything it yields: Telegram redelivers the same update_id until it gets a 2xx.
 */
export function normaliseUpdate(update: Update, ctx: NormaliseContext): Normalised {
	const base = {
		channel: 'telegram' as const,
		account: ctx.botId,
		externalId: String(update.update_id),
		raw: ctx.raw,
	};
	const message = update.message ?? update.edited_message;
	if (message) {
		const inbound: InboundMessage = {
			...base,
			conversationKey: String(message.chat.id),
			sender: senderOf(message),
			text: message.text ?? message.caption ?? '',
			attachments: attachmentsOf(message),
			inReplyTo: message.reply_to_message && String(message.reply_to_message.message_id),
			receivedAt: isoFromSeconds(message.edit_date ?? message.date),
		};
		const started = isStart(message) ? [event(base, message.from ?? message.chat, 'subscribed', message.date)] : [];
		return { messages: [inbound], events: started };
	}

	const query = update.callback_query;
	if (query?.data !== undefined) {
		return {
			messages: [
				{
					...base,
					conversationKey: String(query.message?.chat.id ?? query.from.id),
					sender: userSender(query.from),
					text: query.data,
					attachments: [],
					action: { payload: query.data },
					inReplyTo: query.message && String(query.message.message_id),
					receivedAt: ctx.now().toISOString(),
				},
			],
			events: [],
		};
	}

	// In a private chat the bot's own membership changes only when the customer blocks or unblocks it.
	const member = update.my_chat_member;
	if (member?.chat.type === 'private') {
		const status = member.new_chat_member.status;
		if (status === 'kicked') {
			return {
				messages: [],
				events: [{ ...event(base, member.from, 'unsubscribed', member.date), reason: 'the customer blocked the bot' }],
			};
		}
		if (status === 'member' && member.old_chat_member.status === 'kicked') {
			return { messages: [], events: [event(base, member.from, 'subscribed', member.date)] };
		}
	}
	return { messages: [], events: [] };
}

function event(
	base: { account: string; externalId: string },
	who: { id: number },
	type: ChannelEvent['type'],
	date: number,
): ChannelEvent {
	return { channel: 'telegram', account: base.account, externalId: base.externalId, userId: String(who.id), type, at: isoFromSeconds(date) };
}

/** `/start` (with or without a deep-link payload) opens or reopens a private chat with the bot. */
const isStart = (m: Message) => m.chat.type === 'private' && /^\/start(\s|$)/.test(m.text ?? '');

function senderOf(m: Message): Sender {
	// Anonymous group admins and channel posts have no `from`; the chat speaks for itself.
	const sender = m.from ? userSender(m.from) : { id: String(m.chat.id), name: m.chat.title };
	// A contact the customer shares about themselves (Telegram's "share my phone" button) is their number.
	if (m.contact && m.from && m.contact.user_id === m.from.id) sender.phone = m.contact.phone_number;
	return sender;
}

function userSender(u: User): Sender {
	return {
		id: String(u.id),
		name: [u.first_name, u.last_name].filter(Boolean).join(' '),
		username: u.username,
		language: u.language_code,
	};
}

function attachmentsOf(m: Message): Attachment[] {
	const found: Attachment[] = [];
	if (m.photo?.length) {
		const largest = m.photo.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
		found.push({ type: 'image', fileId: largest.file_id, size: largest.file_size });
	}
	const files: Array<[Attachment['type'], MediaFile | undefined]> = [
		['file', m.document],
		['audio', m.audio],
		['audio', m.voice],
		['video', m.video],
		['video', m.video_note],
	];
	for (const [type, file] of files) {
		if (file) found.push({ type, fileId: file.file_id, name: file.file_name, mimeType: file.mime_type, size: file.file_size });
	}
	if (m.sticker) found.push({ type: 'sticker', fileId: m.sticker.file_id, name: m.sticker.emoji });
	if (m.location) found.push({ type: 'location', url: `geo:${m.location.latitude},${m.location.longitude}` });
	if (m.contact) {
		const name = [m.contact.first_name, m.contact.last_name].filter(Boolean).join(' ');
		found.push({ type: 'contact', name, url: `tel:${m.contact.phone_number}` });
	}
	return found;
}
