import type { WebhookRequest, WebhookVerdict } from '../types';
import { handleMessagingWebhook, type MessagingWebhookOptions } from '../meta/messaging/inbound';
import { createMessagingSender, type MessagingCredentials, type MessagingRules } from '../meta/messaging/outbound';
import { DEFAULT_RETRY, type RetryPolicy } from '../common/retry';

export type MessengerCredentials = MessagingCredentials;

/** Messenger counts text in characters (under 2000), sends through /me/messages, and says 2018278 outside the window. */
export const MESSENGER_RULES: MessagingRules = {
	channel: 'messenger',
	title: 'Messenger',
	textLimit: 2000,
	measure: (text) => text.length,
	outsideWindowSubcode: 2018278,
	sendPath: () => 'me/messages',
};

export const handleMessengerWebhook = (req: WebhookRequest, opts: MessagingWebhookOptions): WebhookVerdict =>
	handleMessagingWebhook(req, opts, 'messenger');

export const createMessengerSender = (policy: RetryPolicy = DEFAULT_RETRY) => createMessagingSender(MESSENGER_RULES, policy);

export const messengerSender = createMessengerSender();
