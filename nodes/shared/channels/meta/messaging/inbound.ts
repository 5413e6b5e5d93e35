import type { WebhookRequest, WebhookVerdict } from '../../types';
import { handleMetaWebhook, schemaReader, type MetaWebhookOptions } from '../webhook';
import { normaliseMessaging, type MessagingPlatform } from './normalise';
import { messagingWebhookSchema } from './schema';

export interface MessagingWebhookOptions extends MetaWebhookOptions {
	/** Our page (Messenger) or Instagram account; entries for the app's others are acknowledged and skipped. */
	account?: string;
}

const OBJECTS = {
	messenger: { object: 'page', what: 'a Messenger (object "page") webhook' },
	instagram: { object: 'instagram', what: 'an Instagram (object "instagram") webhook' },
} as const;

/** Judges one call on a Messenger or Instagram webhook: handshake, signature, then messaging[]. */
export function handleMessagingWebhook(
	req: WebhookRequest,
	opts: MessagingWebhookOptions,
	platform: MessagingPlatform,
): WebhookVerdict {
	const { object, what } = OBJECTS[platform];
	return handleMetaWebhook(
		req,
		opts,
		schemaReader(messagingWebhookSchema(object), what, (body, raw) => normaliseMessaging(body, raw, platform, opts.account)),
	);
}
