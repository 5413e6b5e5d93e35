import { z } from 'zod';

import { unixMillis } from '../common/time';

/*
 * The Viber REST Bot API callbacks the adapter reads (developers.viber.com/docs/api/rest-bot-api).
 * Only what is read is required: a callback refused with an error status is retried by Viber, so
 * nothing optional in the docs may be required here. `message_token` is an int64 and arrives as
 * a string: see parseViberJson.
 */

export const ViberUserSchema = z.object({
	id: z.string().min(1),
	name: z.string().optional(),
	avatar: z.string().optional(),
	country: z.string().optional(),
	language: z.string().optional(),
	api_version: z.number().optional(),
});
export type ViberUser = z.infer<typeof ViberUserSchema>;

export const ViberMessageSchema = z.object({
	type: z.string(),
	text: z.string().optional(),
	media: z.string().optional(),
	thumbnail: z.string().optional(),
	file_name: z.string().optional(),
	size: z.number().int().nonnegative().optional(),
	duration: z.number().optional(),
	// Viber's own clients send a number; other senders have been seen sending it as text.
	sticker_id: z.union([z.number(), z.string()]).optional(),
	location: z.object({ lat: z.number(), lon: z.number() }).optional(),
	contact: z.object({ name: z.string().optional(), phone_number: z.string().optional() }).optional(),
	tracking_data: z.string().optional(),
});
export type ViberMessage = z.infer<typeof ViberMessageSchema>;

export const ViberCallbackSchema = z.object({
	event: z.string(),
	timestamp: unixMillis,
	message_token: z.string().optional(),
	/** `message` events. */
	sender: ViberUserSchema.optional(),
	message: ViberMessageSchema.optional(),
	/** `subscribed` and `conversation_started`. */
	user: ViberUserSchema.optional(),
	/** `unsubscribed`, `delivered`, `seen`, `failed`. */
	user_id: z.string().optional(),
	/** `failed`: why. */
	desc: z.string().optional(),
});
export type ViberCallback = z.infer<typeof ViberCallbackSchema>;

/** Every API answer carries a status; 0 is success, anything else is an error, with HTTP 200. */
export interface ViberAnswer {
	status: number;
	status_message: string;
	[field: string]: unknown;
}

export interface AccountInfo extends ViberAnswer {
	id: string;
	name: string;
	uri?: string;
	/** The webhook URL set for the account, empty or absent when none is. */
	webhook?: string;
	event_types?: string[];
}

export interface ViberKeyboard {
	Type: 'keyboard';
	DefaultHeight?: boolean;
	Buttons: Array<{ ActionType: 'reply' | 'open-url' | 'none'; ActionBody: string; Text: string; Columns?: number; Rows?: number }>;
}

/** Parses Viber JSON keeping int64 message tokens exact: as numbers they would lose digits past 2^53. */
export function parseViberJson(text: string): unknown {
	return JSON.parse(text.replace(/("message_token"\s*:\s*)(-?\d+)/g, '$1"$2"'));
}
