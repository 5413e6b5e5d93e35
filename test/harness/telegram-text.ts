import { parseInbound, type InboundMessageInput } from '../../nodes/shared/envelope';

/** A Telegram text from `userId` in their private chat with the bot `account`, parsed as the trigger parses it. */
export function telegramText(account: string, userId: string, externalId: string, extra: Partial<InboundMessageInput> = {}, name = `Customer ${userId}`) {
	return parseInbound({
		channel: 'telegram',
		account,
		externalId,
		conversationKey: userId,
		sender: { id: userId, name },
		text: `message ${externalId}`,
		receivedAt: new Date().toISOString(),
		raw: {},
		...extra,
	});
}
