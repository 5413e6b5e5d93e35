import type { ChannelEvent } from '../channels/types';
import type { InboundMessage } from '../envelope';

/**
 * The most one message may hold, its raw payload aside (which the body's own limits bound,
 * `channels/common/webhook.ts`): text, attachments, sender and the rest, as stored. The platforms
 * cap a message at a few thousand characters and a mail's text rarely passes a few dozen
 * kilobytes; a message beyond this is not one a person wrote to be read, and storing it would
 * cost every page and report that reads the conversation.
 */
export const MAX_MESSAGE_CHARS = 256 * 1024;

/** Why a message is over the limit, or undefined when it is not. */
export function overLimit(message: InboundMessage): string | undefined {
	const { raw: _raw, ...content } = message;
	const size = JSON.stringify(content).length;
	return size > MAX_MESSAGE_CHARS ? `The message holds ${size} characters, more than the ${MAX_MESSAGE_CHARS} a message may` : undefined;
}

/** A message refused for its size, as the rejected item the store keeps instead of it (once, on redelivery). */
export function refusedMessage(message: InboundMessage, reason: string): ChannelEvent {
	return {
		channel: message.channel,
		account: message.account,
		externalId: `rejected:${message.externalId}`,
		userId: message.sender.id,
		type: 'rejected',
		reason,
		at: new Date().toISOString(),
	};
}
