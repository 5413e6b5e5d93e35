import type { WebhookRequest, WebhookVerdict } from '../types';
import { handleMetaWebhook, schemaReader, type MetaWebhookOptions } from '../meta/webhook';
import { normaliseWhatsApp } from './normalise';
import { WhatsAppWebhookSchema } from './schema';

export interface WhatsAppWebhookOptions extends MetaWebhookOptions {
	/** Our phone number id; changes for the app's other numbers are acknowledged and skipped. */
	phoneNumberId?: string;
}

/** Judges one call on the WhatsApp webhook: handshake, signature, then messages and statuses. */
export function handleWhatsAppWebhook(req: WebhookRequest, opts: WhatsAppWebhookOptions): WebhookVerdict {
	return handleMetaWebhook(
		req,
		opts,
		schemaReader(WhatsAppWebhookSchema, 'a WhatsApp Business Account webhook', (body, raw) =>
			normaliseWhatsApp(body, raw, opts.phoneNumberId),
		),
	);
}
