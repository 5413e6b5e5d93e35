import { z } from 'zod';

import { unixMillis } from '../../common/time';

/*
 * The `messaging[]` webhook envelope Messenger (object "page") and Instagram (object "instagram")
 * share. Only what is read is required: Meta retries refused deliveries, so nothing that may be
 * absent in a real payload is required here.
 */

const AttachmentSchema = z.object({
	type: z.string(),
	payload: z.object({ url: z.string().optional(), title: z.string().optional() }).passthrough().nullish(),
});

export const MessagingEventSchema = z.object({
	sender: z.object({ id: z.string() }),
	recipient: z.object({ id: z.string() }),
	timestamp: unixMillis.optional(),
	message: z
		.object({
			mid: z.string(),
			text: z.string().optional(),
			is_echo: z.boolean().optional(),
			attachments: z.array(AttachmentSchema).optional(),
			quick_reply: z.object({ payload: z.string() }).optional(),
			reply_to: z.object({ mid: z.string().optional() }).passthrough().optional(),
		})
		.optional(),
	postback: z.object({ mid: z.string().optional(), title: z.string().optional(), payload: z.string().optional() }).optional(),
	/** Messenger names the delivered mids; Instagram has no delivery event. */
	delivery: z.object({ mids: z.array(z.string()).optional(), watermark: z.number() }).optional(),
	/** Messenger gives a watermark (everything before it was read), Instagram the mid. */
	read: z.object({ watermark: z.number().optional(), mid: z.string().optional() }).optional(),
});
export type MessagingEvent = z.infer<typeof MessagingEventSchema>;

const EntriesSchema = z.array(
	z.object({
		id: z.string(),
		time: z.number().optional(),
		messaging: z.array(MessagingEventSchema).optional(),
	}),
);

/** Messenger's webhooks are of object "page", Instagram's of object "instagram". */
export const messagingWebhookSchema = (object: 'page' | 'instagram') =>
	z.object({ object: z.literal(object), entry: EntriesSchema });
export type MessagingWebhook = z.infer<ReturnType<typeof messagingWebhookSchema>>;

/** The answer to a send on Messenger or Instagram. */
export interface MessagingSendAnswer {
	recipient_id: string;
	message_id: string;
}
