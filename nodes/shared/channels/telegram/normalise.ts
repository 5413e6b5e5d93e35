import type { Attachment, InboundMessage, Sender } from '../../envelope';
import type { ChannelEvent, Normalised } from '../types';
import type { Chat, Message, MediaFile, Update, User } from './schema';
import { isoFromSeconds } from '../common/time';
import { businessAddress } from './business';

export interface NormaliseContext {
	botId: string;
	/** The raw JSON of the update, kept on every message. */
	raw: unknown;
	/** Callback queries carry no date of their own. */
	now: () => Date;
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
	const message = update.message ?? update.edited_message ?? update.business_message ?? update.edited_business_message;
	if (message) {
		const ignored = ignoredReason(message);
		if (ignored) return { messages: [], events: [], ignored: [ignored] };
		const inbound: InboundMessage = {
			...base,
			conversationKey: String(message.chat.id),
			sender: { ...senderOf(message), ...businessRoute(message) },
			text: textOf(message),
			attachments: attachmentsOf(message),
			...(message.web_app_data ? { action: { payload: message.web_app_data.data } } : {}),
			messageId: String(message.message_id),
			inReplyTo: message.reply_to_message && String(message.reply_to_message.message_id),
			quote: message.quote?.text ?? message.reply_to_message?.text ?? message.reply_to_message?.caption,
			...(update.edited_message ?? update.edited_business_message ? { revises: { kind: 'edit' as const, of: String(message.message_id) } } : {}),
			receivedAt: isoFromSeconds(message.edit_date ?? message.date),
		};
		const started = isStart(message) ? [event(base, message.from ?? message.chat, 'subscribed', message.date)] : [];
		return { messages: [inbound], events: started };
	}

	const reaction = update.message_reaction;
	if (reaction) {
		const actor = reaction.actor_chat;
		const reactor = reaction.user ? userSender(reaction.user) : actor && actor.id !== reaction.chat.id ? chatSender(actor) : undefined;
		if (!reactor) return { messages: [], events: [], ignored: ["an anonymous admin's reaction"] };
		const emoji = reaction.new_reaction[0];
		return {
			messages: [
				{
					...base,
					conversationKey: String(reaction.chat.id),
					sender: reactor,
					text: '',
					// No emoji left: the customer took their reaction back.
					attachments: [{ type: 'reaction', ...(emoji ? { name: emoji.emoji ?? emoji.type } : {}) }],
					revises: { kind: 'reaction', of: String(reaction.message_id) },
					receivedAt: isoFromSeconds(reaction.date),
				},
			],
			events: [],
		};
	}

	const query = update.callback_query;
	if (query?.data !== undefined) {
		return {
			messages: [
				{
					...base,
					conversationKey: String(query.message?.chat.id ?? query.from.id),
					// A button under a message the bot sent as the business: answers go back the same way.
					sender: { ...userSender(query.from), ...(query.message ? businessRoute(query.message) : {}) },
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
	const kind = Object.keys(update).find((key) => key !== 'update_id') ?? 'empty';
	return { messages: [], events: [], ignored: [`an update of kind ${kind} that carries no customer message`] };
}

const businessRoute = (m: { business_connection_id?: string; chat: Chat }): Partial<Sender> =>
	m.business_connection_id ? { replyTo: businessAddress(m.business_connection_id, m.chat.id) } : {};

function event(
	base: { account: string; externalId: string },
	who: { id: number },
	type: ChannelEvent['type'],
	date: number,
): ChannelEvent {
	return { channel: 'telegram', account: base.account, externalId: base.externalId, userId: String(who.id), type, at: isoFromSeconds(date) };
}

/**
 * Telegram's own notices (members joining, a pinned message, a payment, a topic opened…), posts in
 * channels and the group's linked channel, and anonymous admins speaking for the group are not a
 * customer writing; what each is is in the channel's README.
 */
function ignoredReason(m: Message): string | undefined {
	if (m.chat.type === 'channel') return 'a channel post';
	if (m.is_automatic_forward) return "the linked channel's post forwarded into the group";
	if (m.sender_chat && m.sender_chat.id === m.chat.id) return 'an anonymous admin of the group';
	// A business chat is private, its id the customer's: anyone else writing is the company itself.
	if (m.business_connection_id && m.from?.id !== m.chat.id) return "the business account's own message";
	const notice = Object.keys(m).find((key) => SERVICE_FIELDS.has(key) || SERVICE_PREFIXES.test(key));
	return notice && `the service notice ${notice}`;
}

const SERVICE_FIELDS = new Set([
	'new_chat_members', 'left_chat_member', 'new_chat_title', 'new_chat_photo', 'delete_chat_photo', 'group_chat_created',
	'supergroup_chat_created', 'channel_chat_created', 'message_auto_delete_timer_changed', 'migrate_to_chat_id',
	'migrate_from_chat_id', 'pinned_message', 'successful_payment', 'refunded_payment', 'users_shared', 'chat_shared',
	'connected_website', 'write_access_allowed', 'proximity_alert_triggered', 'boost_added', 'chat_background_set',
	'gift', 'unique_gift', 'paid_message_price_changed', 'direct_message_price_changed',
]);
const SERVICE_PREFIXES = /^(forum_topic_|general_forum_topic_|video_chat_|giveaway_|suggested_post_|checklist_tasks_)/;

/** Fields that say how a message came, not what it holds: an empty message with none else holds a kind this pack cannot show. */
const ENVELOPE_FIELDS = new Set([
	'message_id', 'message_thread_id', 'is_topic_message', 'from', 'sender_chat', 'sender_boost_count', 'sender_business_bot',
	'is_automatic_forward', 'chat', 'date', 'edit_date', 'business_connection_id', 'forward_origin', 'forward_from',
	'forward_from_chat', 'forward_from_message_id', 'forward_signature', 'forward_sender_name', 'forward_date',
	'reply_to_message', 'external_reply', 'quote', 'reply_to_story', 'via_bot', 'has_protected_content', 'is_from_offline',
	'media_group_id', 'author_signature', 'entities', 'caption_entities', 'link_preview_options', 'effect_id',
	'show_caption_above_media', 'has_media_spoiler', 'reply_markup', 'text', 'caption',
]);

function textOf(m: Message): string {
	if (m.poll) return [m.poll.question, ...m.poll.options.map((o) => `- ${o.text}`)].join('\n');
	return m.text ?? m.caption ?? m.web_app_data?.button_text ?? '';
}

/** `/start` (with or without a deep-link payload) opens or reopens a private chat with the bot. */
const isStart = (m: Message) => m.chat.type === 'private' && /^\/start(\s|$)/.test(m.text ?? '');

function senderOf(m: Message): Sender {
	// Someone writing in a group on behalf of their channel: the channel speaks.
	const sender = m.sender_chat ? chatSender(m.sender_chat) : m.from ? userSender(m.from) : chatSender(m.chat);
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

const chatSender = (chat: Chat): Sender => ({ id: String(chat.id), name: chat.title ?? [chat.first_name, chat.last_name].filter(Boolean).join(' '), username: chat.username });

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
	const place = m.venue?.location ?? m.location;
	if (place) found.push({ type: 'location', url: `geo:${place.latitude},${place.longitude}`, name: m.venue && [m.venue.title, m.venue.address].filter(Boolean).join(', ') });
	if (m.contact) {
		const name = [m.contact.first_name, m.contact.last_name].filter(Boolean).join(' ');
		found.push({ type: 'contact', name, url: `tel:${m.contact.phone_number}` });
	}
	if (!found.length && !m.web_app_data && (m.poll || !textOf(m))) {
		found.push({ type: 'unsupported', name: Object.keys(m).find((key) => !ENVELOPE_FIELDS.has(key)) ?? 'message' });
	}
	return found;
}
