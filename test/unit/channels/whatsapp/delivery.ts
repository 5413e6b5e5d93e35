import { createHmac } from 'node:crypto';

import type { WebhookRequest } from '../../../../nodes/shared/channels/types';
import { whatsAppEnvelope } from '../../../fakes/meta/webhooks';

/** A WhatsApp webhook call as Meta makes it for number 1100: one change carrying these contacts and messages, signed with the app's secret. */
export function whatsappDelivery(appSecret: string, contacts: object[], messages: object[]): WebhookRequest {
	const rawBody = Buffer.from(JSON.stringify(whatsAppEnvelope('1100', { contacts, messages })));
	return { method: 'POST', headers: { 'x-hub-signature-256': `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}` }, query: {}, rawBody };
}
