import type { WebhookRequest, WebhookVerdict } from '../types';
import { handleMessagingWebhook, type MessagingWebhookOptions } from '../meta/messaging/inbound';
import { createMessagingSender, type MessagingCredentials, type MessagingRules } from '../meta/messaging/outbound';
import { DEFAULT_RETRY, type RetryPolicy } from '../common/retry';

export interface InstagramCredentials extends MessagingCredentials {
	/** The Instagram professional account's id, which webhooks name as entry.id. */
	igAccountId?: string;
}

/**
 * Instagram counts text in UTF-8 bytes (1000: about 500 Cyrillic letters), says 2534022 outside
 * the window, and with Facebook login sends through the linked page: /{PAGE_ID}/messages.
 */
export const INSTAGRAM_RULES: MessagingRules = {
	channel: 'instagram',
	title: 'Instagram',
	textLimit: 1000,
	measure: (text) => Buffer.byteLength(text, 'utf8'),
	outsideWindowSubcode: 2534022,
	sendPath: (credentials) => (credentials.pageId ? `${credentials.pageId}/messages` : 'me/messages'),
};

export const handleInstagramWebhook = (req: WebhookRequest, opts: MessagingWebhookOptions): WebhookVerdict =>
	handleMessagingWebhook(req, opts, 'instagram');

export const createInstagramSender = (policy: RetryPolicy = DEFAULT_RETRY) => createMessagingSender(INSTAGRAM_RULES, policy);

export const instagramSender = createInstagramSender();
