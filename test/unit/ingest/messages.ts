import { parseInbound, type InboundMessage } from '../../../nodes/shared/envelope';

let next = 0;

/** A new customer's first message to the bot, each in a chat of its own. */
export function customerMessage(channel: 'telegram' | 'viber' = 'telegram'): InboundMessage {
	next++;
	return parseInbound({
		channel,
		account: 'bot-1',
		externalId: `update-${next}`,
		conversationKey: `chat-${next}`,
		sender: { id: `customer-${next}` },
		text: 'Where is my order?',
		receivedAt: new Date().toISOString(),
		raw: {},
	});
}
