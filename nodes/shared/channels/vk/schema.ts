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

const MediaRef = { id: z.number().int(), owner_id: z.number().int() };

export const VkAttachmentSchema = z.discriminatedUnion('type', [
	z.object({
		type: z.literal('photo'),
		photo: z.object({ ...MediaRef, sizes: z.array(z.object({ url: z.string(), width: z.number(), height: z.number() })) }),
	}),
	z.object({
		type: z.literal('doc'),
		doc: z.object({ ...MediaRef, title: z.string().optional(), size: z.number().int().optional(), url: z.string().optional() }),
	}),
	z.object({
		type: z.literal('audio_message'),
		audio_message: z.object({ ...MediaRef, link_mp3: z.string().optional(), link_ogg: z.string().optional() }),
	}),
	z.object({ type: z.literal('video'), video: z.object({ ...MediaRef, title: z.string().optional() }) }),
	z.object({ type: z.literal('sticker'), sticker: z.object({ sticker_id: z.number().int() }) }),
]);
export type VkAttachment = z.infer<typeof VkAttachmentSchema>;

/** Attachments of kinds the adapter does not map (wall posts, links, polls…) are kept in raw only. */
const AnyAttachment = z.union([VkAttachmentSchema, z.object({ type: z.string() }).passthrough()]);

export const VkMessageSchema = z.object({
	id: z.number().int(),
	date: unixSeconds,
	peer_id: z.number().int(),
	from_id: z.number().int(),
	text: z.string().default(''),
	conversation_message_id: z.number().int().optional(),
	attachments: z.array(AnyAttachment).default([]),
	/** A keyboard button's payload, as the JSON text we gave it. */
	payload: z.string().optional(),
	geo: z.object({ coordinates: z.object({ latitude: z.number(), longitude: z.number() }) }).optional(),
	reply_message: z.object({ id: z.number().int() }).optional(),
});
export type VkMessage = z.infer<typeof VkMessageSchema>;

export const MessageNewSchema = z.object({ message: VkMessageSchema });
export const ConsentObjectSchema = z.object({ user_id: z.number().int() });

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
