import { z } from 'zod';

import { unixSeconds } from '../common/time';

/*
 * The parts of the Bot API objects (core.telegram.org/bots/api) that the adapter reads.
 * Only what is read is required: a real update that fails this schema is refused with 400 and
 * Telegram would retry it for hours, so nothing optional in the docs may be required here.
 */

export const UserSchema = z.object({
	id: z.number().int(),
	is_bot: z.boolean(),
	first_name: z.string(),
	last_name: z.string().optional(),
	username: z.string().optional(),
	language_code: z.string().optional(),
});
export type User = z.infer<typeof UserSchema>;

export const ChatSchema = z.object({
	id: z.number().int(),
	type: z.string(),
	title: z.string().optional(),
	username: z.string().optional(),
	first_name: z.string().optional(),
	last_name: z.string().optional(),
	/** A supergroup with topics enabled. */
	is_forum: z.boolean().optional(),
});
export type Chat = z.infer<typeof ChatSchema>;

const FileRefSchema = z.object({
	file_id: z.string(),
	// Not read, and missing from updates older than Bot API 4.5.
	file_unique_id: z.string().optional(),
	file_size: z.number().int().nonnegative().optional(),
});

export const PhotoSizeSchema = FileRefSchema.extend({ width: z.number(), height: z.number() });
export type PhotoSize = z.infer<typeof PhotoSizeSchema>;

/** Document, audio, voice, video and video note share these fields. */
export const MediaFileSchema = FileRefSchema.extend({
	file_name: z.string().optional(),
	mime_type: z.string().optional(),
});
export type MediaFile = z.infer<typeof MediaFileSchema>;

export const MessageSchema = z
	.object({
		message_id: z.number().int(),
		/** In a forum supergroup: the topic, whose id is the message_id of its forum_topic_created message. */
		message_thread_id: z.number().int().optional(),
		is_topic_message: z.boolean().optional(),
		from: UserSchema.optional(),
		/** Who spoke for a chat: an anonymous group admin (the group itself) or a channel. */
		sender_chat: ChatSchema.optional(),
		/** A post of the group's linked channel, forwarded into the group by Telegram itself. */
		is_automatic_forward: z.boolean().optional(),
		/** In a chat of a Telegram Business account the bot serves: the connection answers must go through. */
		business_connection_id: z.string().optional(),
		chat: ChatSchema,
		date: unixSeconds,
		edit_date: unixSeconds.optional(),
		text: z.string().optional(),
		caption: z.string().optional(),
		photo: z.array(PhotoSizeSchema).optional(),
		document: MediaFileSchema.optional(),
		audio: MediaFileSchema.optional(),
		voice: MediaFileSchema.optional(),
		video: MediaFileSchema.optional(),
		video_note: MediaFileSchema.optional(),
		sticker: FileRefSchema.extend({ emoji: z.string().optional() }).optional(),
		location: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
		venue: z.object({ location: z.object({ latitude: z.number(), longitude: z.number() }), title: z.string(), address: z.string().optional() }).optional(),
		poll: z.object({ question: z.string(), options: z.array(z.object({ text: z.string() })).default([]) }).optional(),
		/** What a Web App sent back through a keyboard button. */
		web_app_data: z.object({ data: z.string(), button_text: z.string() }).optional(),
		contact: z
			.object({
				phone_number: z.string(),
				first_name: z.string(),
				last_name: z.string().optional(),
				user_id: z.number().int().optional(),
			})
			.optional(),
		reply_to_message: z.object({ message_id: z.number().int(), text: z.string().optional(), caption: z.string().optional() }).optional(),
		/** The part of the answered message the customer chose to quote. */
		quote: z.object({ text: z.string() }).optional(),
		reply_markup: z.unknown().optional(),
	})
	// The other fields are kept: they tell a service notice or a kind this pack cannot show from an empty message.
	.passthrough();
export type Message = z.infer<typeof MessageSchema>;

export const CallbackQuerySchema = z.object({
	id: z.string(),
	from: UserSchema,
	/**
	 * Absent for buttons under inline-mode messages; then the chat is the user's private chat. A
	 * message too old for the bot to read comes with date 0, so only the ids are read here.
	 */
	message: z.object({ message_id: z.number().int(), chat: ChatSchema, business_connection_id: z.string().optional() }).optional(),
	chat_instance: z.string(),
	/** Absent for game buttons, which carry no payload of ours. */
	data: z.string().optional(),
});
export type CallbackQuery = z.infer<typeof CallbackQuerySchema>;

export const ChatMemberUpdatedSchema = z.object({
	chat: ChatSchema,
	from: UserSchema,
	date: unixSeconds,
	old_chat_member: z.object({ status: z.string() }),
	new_chat_member: z.object({ status: z.string() }),
});
export type ChatMemberUpdated = z.infer<typeof ChatMemberUpdatedSchema>;

const ReactionSchema = z.object({ type: z.string(), emoji: z.string().optional() });

export const MessageReactionSchema = z.object({
	chat: ChatSchema,
	message_id: z.number().int(),
	/** Absent when an anonymous admin reacted; then `actor_chat` is the chat that did. */
	user: UserSchema.optional(),
	actor_chat: ChatSchema.optional(),
	date: unixSeconds,
	old_reaction: z.array(ReactionSchema),
	new_reaction: z.array(ReactionSchema),
});
export type MessageReaction = z.infer<typeof MessageReactionSchema>;

// The other kinds (inline queries, boosts, polls' answers…) are kept, to name what was left out.
export const UpdateSchema = z
	.object({
		update_id: z.number().int(),
		message: MessageSchema.optional(),
		edited_message: MessageSchema.optional(),
		business_message: MessageSchema.optional(),
		edited_business_message: MessageSchema.optional(),
		message_reaction: MessageReactionSchema.optional(),
		callback_query: CallbackQuerySchema.optional(),
		my_chat_member: ChatMemberUpdatedSchema.optional(),
	})
	.passthrough();
export type Update = z.infer<typeof UpdateSchema>;

/** Every Bot API answer: the result, or an error with Telegram's code, text and hints. */
export type ApiAnswer<T = unknown> =
	| { ok: true; result: T; description?: string }
	| {
			ok: false;
			error_code: number;
			description: string;
			parameters?: { retry_after?: number; migrate_to_chat_id?: number };
	  };

export interface BotUser extends User {
	can_join_groups: boolean;
	can_read_all_group_messages: boolean;
	supports_inline_queries: boolean;
}

export interface WebhookInfo {
	url: string;
	has_custom_certificate: boolean;
	pending_update_count: number;
	max_connections?: number;
	allowed_updates?: string[];
	last_error_date?: number;
	last_error_message?: string;
}

export interface TelegramFile {
	file_id: string;
	file_unique_id: string;
	file_size?: number;
	/** Valid for at least an hour; download from `/file/bot<token>/<file_path>`. */
	file_path?: string;
}

/** What createForumTopic answers. */
export interface ForumTopic {
	message_thread_id: number;
	name: string;
	icon_color: number;
	icon_custom_emoji_id?: string;
}

export interface InlineKeyboardButton {
	text: string;
	callback_data?: string;
	url?: string;
}
