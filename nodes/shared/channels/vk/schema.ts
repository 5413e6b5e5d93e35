import { z } from 'zod';

import { unixSeconds } from '../common/time';

/*
 * The VK Callback API events and API answers the adapter reads (dev.vk.com/api/callback,
 * API version 5.103 or later, where message_new carries `object.message` and every event an
 * `event_id`). Only what is read is required.
 */

export const API_VERSION = '5.199';

export const CallbackSchema = z.object({
	type: z.string(),
	group_id: z.number().int(),
	event_id: z.string().optional(),
	v: z.string().optional(),
	object: z.unknown().optional(),
	secret: z.string().optional(),
});
export type Callback = z.infer<typeof CallbackSchema>;

/** VK's own handle of a piece of media; absent in some shared or older attachments. */
const MediaRef = { id: z.number().int().optional(), owner_id: z.number().int().optional(), access_key: z.string().optional() };
const Size = z.object({ url: z.string(), width: z.number(), height: z.number() });

export const VkAttachmentSchema = z.discriminatedUnion('type', [
	z.object({ type: z.literal('photo'), photo: z.object({ ...MediaRef, sizes: z.array(Size).default([]) }) }),
	z.object({
		type: z.literal('doc'),
		doc: z.object({ ...MediaRef, title: z.string().optional(), size: z.number().int().nonnegative().optional(), url: z.string().optional() }),
	}),
	z.object({
		type: z.literal('audio_message'),
		audio_message: z.object({ ...MediaRef, link_mp3: z.string().optional(), link_ogg: z.string().optional() }),
	}),
	z.object({ type: z.literal('video'), video: z.object({ ...MediaRef, title: z.string().optional() }) }),
	z.object({ type: z.literal('sticker'), sticker: z.object({ sticker_id: z.number().int().optional(), images: z.array(Size).default([]) }) }),
	z.object({ type: z.literal('graffiti'), graffiti: z.object({ ...MediaRef, url: z.string().optional() }) }),
	z.object({ type: z.literal('link'), link: z.object({ url: z.string(), title: z.string().optional() }) }),
	/** A wall post the customer shared. */
	z.object({ type: z.literal('wall'), wall: z.object({ ...MediaRef, from_id: z.number().int().optional(), to_id: z.number().int().optional(), text: z.string().optional() }) }),
]);
export type VkAttachment = z.infer<typeof VkAttachmentSchema>;

export const VkMessageSchema = z.object({
	id: z.number().int(),
	date: unixSeconds,
	/** The conversation; a private chat's is the customer's own id, which older payloads leave out. */
	peer_id: z.number().int().optional(),
	from_id: z.number().int(),
	text: z.string().default(''),
	conversation_message_id: z.number().int().optional(),
	/** Read one by one (normalise.ts): an attachment this pack does not know is shown as such, never costs the message. */
	attachments: z.array(z.unknown()).default([]),
	/** A keyboard button's payload, as the JSON text we gave it. */
	payload: z.string().optional(),
	geo: z.object({ coordinates: z.object({ latitude: z.number(), longitude: z.number() }) }).optional(),
	/** Messages the customer forwarded into this one. */
	fwd_messages: z.array(z.unknown()).default([]),
	reply_message: z.object({ id: z.number().int().optional(), conversation_message_id: z.number().int().optional(), text: z.string().optional() }).optional(),
	/** A service message in a chat: someone joined, left, renamed it, pinned a message. */
	action: z.object({ type: z.string() }).optional(),
});
export type VkMessage = z.infer<typeof VkMessageSchema>;

export const MessageNewSchema = z.object({ message: VkMessageSchema });
export const ConsentObjectSchema = z.object({ user_id: z.number().int() });
/** A press on a callback button (`message_event`); its payload is the object we gave the button. */
export const MessageEventSchema = z.object({
	user_id: z.number().int(),
	peer_id: z.number().int(),
	event_id: z.string(),
	payload: z.unknown().optional(),
	conversation_message_id: z.number().int().optional(),
});

/** Every API answer: the response, or an error with VK's code and text, both with HTTP 200. */
export type ApiAnswer<T = unknown> =
	| { response: T }
	| { error: { error_code: number; error_msg: string; request_params?: Array<{ key: string; value: string }> } };

export interface Community {
	id: number;
	name: string;
	screen_name: string;
}

export interface KeyboardButton {
	action: { type: 'text'; label: string; payload: string };
}

export interface Keyboard {
	inline: boolean;
	buttons: KeyboardButton[][];
}
