import { createHmac } from 'node:crypto';

import type { WebhookRequest } from '../../../../nodes/shared/channels/types';

/** A WhatsApp webhook call as Meta makes it for number 1100: one change carrying these contacts and messages, signed with the app's secret. */
export function whatsappDelivery(appSecret: string, contacts: object[], messages: object[]): WebhookRequest {
	const value = { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550001111', phone_number_id: '1100' }, contacts, messages };
	const rawBody = Buffer.from(JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'WABA', changes: [{ field: 'messages', value }] }] }));
	return { method: 'POST', headers: { 'x-hub-signature-256': `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}` }, query: {}, rawBody };
}
