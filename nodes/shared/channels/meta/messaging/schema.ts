import { z } from 'zod';

import { unixMillis } from '../../common/time';

/*
 * The `messaging[]` webhook envelope Messenger (object "page") and Instagram (object "instagram")
 * share. The body is checked only down to its entries; each event is read on its own
 * (normalise.ts), so that one event in a shape this pack does not know is kept with its reason
 * and never costs the others Meta batched with it. Only what is read is required.
 */

const AttachmentSchema = z.object({
	type: z.string(),
	payload: z
		.object({
			url: z.string().optional(),
			title: z.string().optional(),
			sticker_id: z.number().optional(),
			coordinates: z.object({ lat: z.number(), long: z.number() }).optional(),
		})
		.passthrough()
		.nullish(),
});
export type MessagingAttachment = z.infer<typeof AttachmentSchema>;

const mid = z.string().min(1);

export const MessagingEventSchema = z
	.object({
		/** Absent on page-level notices (policy enforcement); a checkbox opt-in names a `user_ref` instead. */
		sender: z.object({ id: z.string().min(1).optional(), user_ref: z.string().optional() }).optional(),
		recipient: z.object({ id: z.string() }).optional(),
		timestamp: unixMillis.optional(),
		message: z
			.object({
				mid,
				text: z.string().optional(),
				is_echo: z.boolean().optional(),
				/** Instagram: the customer unsent this message. */
				is_deleted: z.boolean().optional(),
				/** Instagram: a kind the API does not deliver. */
				is_unsupported: z.boolean().optional(),
				attachments: z.array(AttachmentSchema).optional(),
				quick_reply: z.object({ payload: z.string() }).optional(),
				reply_to: z.object({ mid: z.string().optional(), story: z.object({ id: z.string() }).passthrough().optional() }).passthrough().optional(),
			})
			.optional(),
		message_edit: z.object({ mid, text: z.string().optional(), num_edit: z.number().int().optional() }).optional(),
		reaction: z.object({ mid, action: z.string(), emoji: z.string().optional(), reaction: z.string().optional() }).optional(),
		postback: z.object({ mid: mid.optional(), title: z.string().optional(), payload: z.string().optional() }).optional(),
		/** Messenger names the delivered mids; Instagram has no delivery event. */
		delivery: z.object({ mids: z.array(z.string()).optional(), watermark: z.number() }).optional(),
		/** Messenger gives a watermark (everything before it was read), Instagram the mid. */
		read: z.object({ watermark: z.number().optional(), mid: z.string().optional() }).optional(),
	})
	// Other kinds (opt-ins, referrals, handovers, policy notices) are kept to be named when left out.
	.passthrough()
	.superRefine((event, ctx) => {
		const customer = event.message ?? event.message_edit ?? event.reaction ?? event.postback;
		if (customer && !event.message?.is_echo && !event.sender?.id) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['sender', 'id'], message: 'Required for a message, an edit, a reaction or a postback' });
		}
	});
export type MessagingEvent = z.infer<typeof MessagingEventSchema>;

const EntriesSchema = z.array(
	z.object({
		/** The page or Instagram account, which becomes the envelope's account: never empty. */
		id: z.string().min(1),
		messaging: z.array(z.unknown()).optional(),
		/** Events of conversations another app of the page holds (handover protocol). */
		standby: z.array(z.unknown()).optional(),
		/** Comments, mentions, story insights: the account's other webhook fields, not direct messages. */
		changes: z.array(z.object({ field: z.string() }).passthrough()).optional(),
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
