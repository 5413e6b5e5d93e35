import { z } from 'zod';

import { unixSecondsText } from '../common/time';

/*
 * The parts of the WhatsApp Cloud API webhook (developers.facebook.com/docs/whatsapp/cloud-api/webhooks)
 * that the adapter reads. Only what is read is required: WhatsApp retries a refused delivery for
 * days, so nothing that may be absent in a real payload is required here.
 */

const MediaSchema = z.object({
	id: z.string(),
	mime_type: z.string().optional(),
	caption: z.string().optional(),
	filename: z.string().optional(),
});

export const WhatsAppMessageSchema = z.object({
	from: z.string().min(1),
	id: z.string().min(1),
	timestamp: unixSecondsText,
	type: z.string(),
	text: z.object({ body: z.string() }).optional(),
	image: MediaSchema.optional(),
	document: MediaSchema.optional(),
	audio: MediaSchema.optional(),
	video: MediaSchema.optional(),
	sticker: MediaSchema.optional(),
	location: z
		.object({ latitude: z.number(), longitude: z.number(), name: z.string().optional(), address: z.string().optional() })
		.optional(),
	interactive: z
		.object({
			type: z.string(),
			button_reply: z.object({ id: z.string(), title: z.string() }).optional(),
			list_reply: z.object({ id: z.string(), title: z.string(), description: z.string().optional() }).optional(),
		})
		.optional(),
	/** A quick-reply button of a template message. */
	button: z.object({ payload: z.string(), text: z.string() }).optional(),
	reaction: z.object({ message_id: z.string(), emoji: z.string().optional() }).optional(),
	/** A reply names the message it answers (`id`); a forwarded message says so and names none. */
	context: z.object({ id: z.string().optional(), from: z.string().optional(), forwarded: z.boolean().optional(), frequently_forwarded: z.boolean().optional() }).optional(),
});
export type WhatsAppMessage = z.infer<typeof WhatsAppMessageSchema>;

export const WhatsAppStatusSchema = z.object({
	id: z.string(),
	status: z.string(),
	timestamp: unixSecondsText,
	recipient_id: z.string(),
	errors: z
		.array(z.object({ code: z.number(), title: z.string().optional(), message: z.string().optional(), error_data: z.object({ details: z.string() }).partial().optional() }))
		.optional(),
});
export type WhatsAppStatus = z.infer<typeof WhatsAppStatusSchema>;

export const WhatsAppValueSchema = z.object({
	messaging_product: z.literal('whatsapp').optional(),
	metadata: z.object({ display_phone_number: z.string().optional(), phone_number_id: z.string() }),
	contacts: z.array(z.object({ wa_id: z.string(), profile: z.object({ name: z.string().optional() }).optional() })).optional(),
	// Read one by one (normalise.ts): one message WhatsApp sends in a shape this pack does not know
	// must not cost the others in the same delivery.
	messages: z.array(z.unknown()).optional(),
	statuses: z.array(z.unknown()).optional(),
});
export type WhatsAppValue = z.infer<typeof WhatsAppValueSchema>;

/** Only `messages` changes are read; other fields (template status, account updates) pass unread. */
const ChangeSchema = z.object({ field: z.string(), value: z.unknown() }).superRefine((change, ctx) => {
	if (change.field !== 'messages') return;
	const value = WhatsAppValueSchema.safeParse(change.value);
	if (!value.success) for (const issue of value.error.issues) ctx.addIssue({ ...issue, path: ['value', ...issue.path] });
});

export const WhatsAppWebhookSchema = z.object({
	object: z.literal('whatsapp_business_account'),
	entry: z.array(
		z.object({
			id: z.string(),
			changes: z.array(ChangeSchema),
		}),
	),
});
export type WhatsAppWebhook = z.infer<typeof WhatsAppWebhookSchema>;

/** The answer to a send: the wamid of the message WhatsApp accepted. */
export interface WhatsAppSendAnswer {
	messaging_product: 'whatsapp';
	contacts?: Array<{ input: string; wa_id: string }>;
	messages: Array<{ id: string; message_status?: string }>;
}
