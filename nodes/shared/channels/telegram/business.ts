/**
 * A Telegram Business account (a company's own Telegram profile) can let the bot answer its
 * private chats. Customers there wrote to the company, not to the bot, and may never have started
 * it: an answer must go out through that business connection or Telegram refuses it. The route is
 * the customer's reply address, so that every sender (replies, notices, proactive messages) finds
 * it where it finds a chat id, and a customer who writes to the bot itself again is answered there.
 */
const PREFIX = 'business:';

export const businessAddress = (connectionId: string, chatId: number) => `${PREFIX}${connectionId}:${chatId}`;

export interface Route {
	chatId: string;
	businessConnectionId?: string;
}

export function routeOf(address: string): Route {
	if (!address.startsWith(PREFIX)) return { chatId: address };
	const at = address.lastIndexOf(':');
	return { chatId: address.slice(at + 1), businessConnectionId: address.slice(PREFIX.length, at) };
}

/**
 * The updates the trigger asks Telegram for. Reactions and business messages come only when named
 * here, whatever the normaliser can read.
 */
export const SUBSCRIBED_UPDATES = [
	'message', 'edited_message', 'callback_query', 'my_chat_member', 'message_reaction', 'business_message', 'edited_business_message',
];
