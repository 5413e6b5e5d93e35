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

/** What a message holds, by its `type`; an edit carries the new content in the same shape. */
const ContentSchema = z.object({
	type: z.string(),
	text: z.object({ body: z.string() }).optional(),
	image: MediaSchema.optional(),
	document: MediaSchema.optional(),
	audio: MediaSchema.optional(),
	/** Older on-premises deliveries name a voice note `voice`. */
	voice: MediaSchema.optional(),
	video: MediaSchema.optional(),
	sticker: MediaSchema.optional(),
	location: z
		.object({ latitude: z.number(), longitude: z.number(), name: z.string().optional(), address: z.string().optional() })
		.optional(),
	/** Contact cards the customer shared. */
	contacts: z
		.array(
			z.object({
				name: z.object({ formatted_name: z.string().optional(), first_name: z.string().optional(), last_name: z.string().optional() }).optional(),
				phones: z.array(z.object({ phone: z.string().optional(), wa_id: z.string().optional() })).optional(),
			}),
		)
		.optional(),
	/** A cart sent from the business's catalog. */
	order: z
		.object({
			catalog_id: z.string().optional(),
			text: z.string().optional(),
			product_items: z
				.array(z.object({ product_retailer_id: z.string(), quantity: z.number(), item_price: z.number().optional(), currency: z.string().optional() }))
				.default([]),
		})
		.optional(),
	interactive: z
		.object({
			type: z.string(),
			button_reply: z.object({ id: z.string(), title: z.string() }).optional(),
			list_reply: z.object({ id: z.string(), title: z.string(), description: z.string().optional() }).optional(),
			/** A Flow's answers, as the JSON text of its fields. */
			nfm_reply: z.object({ response_json: z.string(), body: z.string().optional(), name: z.string().optional() }).optional(),
		})
		.optional(),
	/** A quick-reply button of a template message. */
	button: z.object({ payload: z.string(), text: z.string() }).optional(),
	reaction: z.object({ message_id: z.string().min(1), emoji: z.string().optional() }).optional(),
	unsupported: z.object({ type: z.string().optional() }).optional(),
	system: z.object({ body: z.string().optional(), type: z.string().optional() }).optional(),
});
export type WhatsAppContent = z.infer<typeof ContentSchema>;

export const WhatsAppMessageSchema = ContentSchema.extend({
	/** The customer's phone number; absent for a customer known only by a business-scoped user id. */
	from: z.string().min(1).optional(),
	/** The business-scoped user id (BSUID). */
	from_user_id: z.string().min(1).optional(),
	/** Set when the message was written in a WhatsApp group. */
	group_id: z.string().min(1).optional(),
	id: z.string().min(1),
	timestamp: unixSecondsText,
	/** A reply names the message it answers (`id`); a forwarded message says so and names none. */
	context: z.object({ id: z.string().optional(), from: z.string().optional(), forwarded: z.boolean().optional(), frequently_forwarded: z.boolean().optional() }).optional(),
	/** The customer deleted an earlier message. */
	revoke: z.object({ original_message_id: z.string().min(1) }).optional(),
	/** The customer edited an earlier message; `message` is its new content. */
	edit: z.object({ original_message_id: z.string().min(1), message: ContentSchema }).optional(),
}).refine((m) => m.from ?? m.from_user_id, { message: 'A message needs `from` or `from_user_id`', path: ['from'] });
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
	metadata: z.object({ display_phone_number: z.string().optional(), phone_number_id: z.string().min(1) }),
	contacts: z
		.array(z.object({ wa_id: z.string().optional(), user_id: z.string().optional(), profile: z.object({ name: z.string().optional() }).optional() }))
		.optional(),
	// Read one by one (normalise.ts): one message WhatsApp sends in a shape this pack does not know
	// must not cost the others in the same delivery.
	messages: z.array(z.unknown()).optional(),
	statuses: z.array(z.unknown()).optional(),
	/** Problems of the number or the app itself, reported instead of a message. */
	errors: z.array(z.object({ code: z.number().optional(), title: z.string().optional() }).passthrough()).optional(),
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
