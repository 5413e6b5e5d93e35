import { z } from 'zod';

/** Every channel the pack speaks. A trigger per channel emits the same envelope. */
export const CHANNELS = [
	'webchat',
	'telegram',
	'viber',
	'whatsapp',
	'messenger',
	'instagram',
	'vk',
	'email',
	// A call handed to a person (a voice bot's hand-off, the menu key for a person): it is routed
	// and shown in the desk like a chat, but nothing is sent on it.
	'phone',
] as const;
export const ChannelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof ChannelSchema>;

/**
 * `reaction`: an emoji the customer put on a message (`name`; absent when they took it back).
 * `unsupported`: something the customer sent that this desk cannot show (`name` is the platform's
 * own kind, "poll", "story"), kept so that the operator knows the customer sent something.
 */
export const AttachmentSchema = z.object({
	type: z.enum(['image', 'file', 'audio', 'video', 'sticker', 'location', 'contact', 'reaction', 'unsupported']),
	/** A URL the channel serves the file at, when it gives one. */
	url: z.string().optional(),
	/** The channel's own handle for the file (Telegram file_id, WhatsApp media id, …). */
	fileId: z.string().optional(),
	name: z.string().optional(),
	mimeType: z.string().optional(),
	size: z.number().int().nonnegative().optional(),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

/**
 * Who wrote. `id` is the sender's id on that channel and account (a Viber user id differs per bot);
 * the contact fields come from the channel profile or from a pre-chat form.
 */
export const SenderSchema = z.object({
	id: z.string().min(1),
	name: z.string().optional(),
	username: z.string().optional(),
	phone: z.string().optional(),
	email: z.string().optional(),
	/** Where answers go when it is not the sender's own id: the e-mail Reply-To address. */
	replyTo: z.string().optional(),
	language: z.string().optional(),
	/** Free fields a pre-chat form or the channel adds (order number, country, …). */
	fields: z.record(z.string()).optional(),
});
export type Sender = z.infer<typeof SenderSchema>;

/**
 * A message no person wrote to us just now: a delivery failure report (bounce), an out-of-office
 * or other automatic reply, a mailing-list or bulk post. It is recorded on the conversation and
 * never answered (RFC 3834): answering a machine starts a loop.
 */
export const AutomaticSchema = z.object({
	kind: z.enum(['bounce', 'auto-reply', 'list']),
	/** What gave it away, for the operator reading the history ("Auto-Submitted: auto-replied"). */
	reason: z.string(),
	/** A bounce's addresses that could not be reached. */
	failedRecipients: z.array(z.string()).optional(),
	/** A bounce's status code (RFC 3463), "5.1.1". */
	status: z.string().optional(),
	/** The Message-ID of our mail a bounce returns, read from the copy it carries. */
	returnedMessageId: z.string().optional(),
});
export type Automatic = z.infer<typeof AutomaticSchema>;

/** One inbound customer message, whatever channel it came on. */
export const InboundMessageSchema = z.object({
	channel: ChannelSchema,
	/** Which of our accounts received it: bot id, page id, phone number id, mailbox, web chat site. */
	account: z.string().min(1),
	/** The channel's own id of this delivery; with channel and account, the deduplication key. */
	externalId: z.string().min(1),
	/**
	 * The channel's id of the message itself, where a delivery's id is another (a Telegram update_id,
	 * a VK event_id): what a later reply, edit or reaction names it by. Absent: `externalId` is it.
	 */
	messageId: z.string().min(1).optional(),
	/** The channel's conversation: chat id, peer id, e-mail thread root, web chat session. */
	conversationKey: z.string().min(1),
	sender: SenderSchema,
	text: z.string(),
	attachments: z.array(AttachmentSchema).default([]),
	/** A button or menu choice the customer pressed, with the payload we gave it. */
	action: z.object({ payload: z.string() }).optional(),
	/** The channel's id of the message this one answers (e-mail In-Reply-To, WhatsApp context). */
	inReplyTo: z.string().optional(),
	/** The answered message's text as the channel quotes it (Telegram, VK), for when the store does not hold that message. */
	quote: z.string().optional(),
	/**
	 * Set when the delivery changes an earlier message instead of adding one: the customer edited it
	 * (the new text is `text`), deleted it, or reacted to it (the emoji is a `reaction` attachment).
	 * `of` is the channel's id of that message, as `inReplyTo` would name it.
	 */
	revises: z.object({ kind: z.enum(['edit', 'delete', 'reaction']), of: z.string().min(1) }).optional(),
	/** E-mail subject or similar thread title. */
	subject: z.string().optional(),
	receivedAt: z.string().datetime(),
	/** Set when no person wrote it (bounce, auto-reply, list post): recorded, never answered. */
	automatic: AutomaticSchema.optional(),
	raw: z.unknown(),
});
export type InboundMessage = z.infer<typeof InboundMessageSchema>;
export type InboundMessageInput = z.input<typeof InboundMessageSchema>;

export const ButtonSchema = z.object({
	/** What the customer sees. */
	label: z.string().min(1),
	/** What comes back in `action.payload` when pressed. */
	payload: z.string().min(1),
});
export type Button = z.infer<typeof ButtonSchema>;

export const OutboundAttachmentSchema = z.object({
	type: z.enum(['image', 'file']),
	url: z.string().optional(),
	fileId: z.string().optional(),
	name: z.string().optional(),
});

/** One message we send, whatever channel it goes on. */
export const OutboundMessageSchema = z.object({
	channel: ChannelSchema,
	account: z.string().optional(),
	/** Channel recipient: chat id, PSID, wa_id, peer id, e-mail address, web chat session. */
	to: z.string().min(1),
	text: z.string().default(''),
	buttons: z.array(ButtonSchema).default([]),
	attachments: z.array(OutboundAttachmentSchema).default([]),
	/** Threading: the channel id of the customer message being answered. */
	inReplyTo: z.string().optional(),
	subject: z.string().optional(),
	/** Sent by a person rather than the bot (Meta's HUMAN_AGENT tag, for example). */
	fromOperator: z.boolean().default(false),
	/** Stable per logical message, so that a retry cannot send twice where the channel allows (VK random_id). */
	idempotencyKey: z.string().optional(),
});
export type OutboundMessage = z.infer<typeof OutboundMessageSchema>;
export type OutboundMessageInput = z.input<typeof OutboundMessageSchema>;
