import { z } from 'zod';

import type { InboundMessage } from '../../envelope';
import { parseJsonBody } from '../common/webhook';
import type { WebhookRequest, WebhookVerdict } from '../types';
import { provenCustomer, signedSenderId, siteKeyAccepted, type VisitorProof } from './visitor';

export const MAX_TEXT = 4000;

/** What the page posts: one message, with the pre-chat form's answers on every message. */
const PostSchema = z.object({
	action: z.literal('sendMessage'),
	/** Random per browser, kept in localStorage: the web chat conversation and the visitor's id. */
	sessionId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be 16–64 letters, digits, _ or -'),
	/** Random per message, so that a re-sent POST is stored once. */
	clientMessageId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 letters, digits, _ or -'),
	text: z.string().max(MAX_TEXT, `must be at most ${MAX_TEXT} characters`).default(''),
	payload: z.string().max(256).optional(),
	/** A logged-in customer of the site, as its backend signed it (see visitor.ts). */
	customerId: z
		.string()
		.min(1)
		.max(128)
		.regex(/^[^\r\n]+$/, 'must be one line')
		.optional(),
	signature: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex digits').optional(),
	/** When the signature stops being valid, in Unix seconds, where the site signs with an end. */
	expires: z.number().int().positive().optional(),
	profile: z
		.object({
			name: z.string().trim().max(100).optional(),
			phone: z.string().trim().max(40).optional(),
			email: z.string().trim().max(200).optional(),
			orderNumber: z.string().trim().max(60).optional(),
			language: z.string().trim().max(10).optional(),
		})
		.default({}),
});

export interface WebChatOptions {
	/** Which site this chat belongs to; the account in the envelope. */
	site: string;
	/** The site's key and identity secret, when it set them. */
	proof?: VisitorProof;
	now?: () => Date;
}

/** Whether a text shows anything: zero-width characters and spaces alone are no message. */
const hasVisibleText = (text: string) => text.replace(/[\s\u200B-\u200D\u2060\uFEFF]/g, '') !== '';

export function handleWebChatPost(req: WebhookRequest, opts: WebChatOptions): WebhookVerdict {
	const proof = opts.proof ?? {};
	if (!siteKeyAccepted(proof, req.headers['x-chat-key'] as string | undefined)) return { kind: 'reject', status: 403, reason: 'The site key is missing or wrong' };
	const parsed = parseJsonBody(req.rawBody, PostSchema, 'a web chat message');
	if (!parsed.ok) return { kind: 'reject', status: 400, reason: parsed.reason };
	const { signature, expires, ...post } = parsed.value;
	const proven = provenCustomer(proof, { customerId: post.customerId, signature, expires }, opts.now?.());
	if (!proven.ok) return { kind: 'reject', status: 403, reason: proven.reason };
	if (!hasVisibleText(post.text) && !post.payload) {
		return { kind: 'reject', status: 400, reason: 'The body is not a web chat message: text is empty' };
	}
	const { orderNumber, ...contact } = post.profile;
	const message: InboundMessage = {
		channel: 'webchat',
		account: opts.site,
		externalId: `${post.sessionId}:${post.clientMessageId}`,
		conversationKey: post.sessionId,
		sender: {
			id: proven.customerId === null ? post.sessionId : signedSenderId(proven.customerId),
			...dropEmpty(contact),
			...(orderNumber ? { fields: { orderNumber } } : {}),
		},
		text: post.text,
		attachments: [],
		...(post.payload ? { action: { payload: post.payload } } : {}),
		receivedAt: (opts.now?.() ?? new Date()).toISOString(),
		// Only the fields of the schema, within its sizes: extra fields a client adds are not kept, nor
		// the signature, which would let anyone reading execution data chat as that customer.
		raw: post,
	};
	return {
		kind: 'accept',
		messages: [message],
		events: [],
		ack: { status: 200, body: JSON.stringify({ ok: true }), contentType: 'application/json' },
	};
}

function dropEmpty<T extends Record<string, string | undefined>>(fields: T): Partial<T> {
	return Object.fromEntries(Object.entries(fields).filter(([, v]) => v)) as Partial<T>;
}
