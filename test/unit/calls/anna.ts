import { recogniseSender } from '../../../nodes/shared/customers';
import { parseInbound } from '../../../nodes/shared/envelope';
import type { Store } from '../../../nodes/shared/store';

/** Anna wrote on WhatsApp before, so her number is a verified WhatsApp identity on her card: its id. */
export async function annaOnWhatsApp(store: Store): Promise<number> {
	const message = parseInbound({
		channel: 'whatsapp', account: '1100', externalId: 'wamid.1', conversationKey: '380501234567',
		sender: { id: '380501234567', name: 'Anna', phone: '380501234567' }, text: 'hi', receivedAt: '2026-12-01T09:00:00Z', raw: {},
	});
	await store.conversations.logInbound(message);
	return (await recogniseSender(store.db, message)).customerId;
}
