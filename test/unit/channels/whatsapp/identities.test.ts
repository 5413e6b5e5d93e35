/**
 * Who wrote and where: a message written in a WhatsApp group lands in the group's own conversation
 * with its writer kept; a customer known only by a business-scoped user id (no phone number) is a
 * customer all the same.
 */
import { handleWhatsAppWebhook } from '../../../../nodes/shared/channels/whatsapp';
import { whatsappDelivery } from './delivery';

const APP_SECRET = 'whatsapp-app-secret';
const now = String(Math.floor(Date.now() / 1000));

function deliver(message: object, contact: object) {
	const verdict = handleWhatsAppWebhook(whatsappDelivery(APP_SECRET, [contact], [message]), { appSecret: APP_SECRET, verifyToken: 'v' });
	if (verdict.kind !== 'accept') throw new Error(`refused: ${JSON.stringify(verdict)}`);
	return verdict;
}

it('files a group message under the group, with the member who wrote it as the sender', () => {
	const { messages } = deliver(
		{ from: '380501234567', group_id: 'G-42', id: 'wamid.g1', timestamp: now, type: 'text', text: { body: 'Our team order is late' } },
		{ wa_id: '380501234567', profile: { name: 'Anna' } },
	);

	expect(messages.map((m) => [m.conversationKey, m.sender, m.text])).toEqual([
		['group:G-42', { id: '380501234567', phone: '+380501234567', name: 'Anna' }, 'Our team order is late'],
	]);
});

it('takes a customer known only by a business-scoped user id, without a phone', () => {
	const { messages, events } = deliver(
		{ from_user_id: 'US.1349', id: 'wamid.b1', timestamp: now, type: 'text', text: { body: 'Hello' } },
		{ user_id: 'US.1349', profile: { name: 'Boris' } },
	);

	expect(events).toEqual([]);
	expect(messages.map((m) => [m.conversationKey, m.sender])).toEqual([['US.1349', { id: 'US.1349', name: 'Boris' }]]);
});

it('keeps a message with neither a phone nor a user id as rejected, naming what is missing', () => {
	const { messages, events } = deliver({ id: 'wamid.x', timestamp: now, type: 'text', text: { body: '?' } }, {});

	expect(messages).toEqual([]);
	expect(events.map((e) => e.reason)).toEqual([expect.stringContaining('from: A message needs `from` or `from_user_id`')]);
});
