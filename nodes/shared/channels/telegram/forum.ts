import { UpdateSchema } from './schema';

/** A new message someone wrote in a topic of a forum supergroup. */
export interface TopicMessage {
	chatId: string;
	threadId: number;
	messageId: number;
	from: { id: string; isBot: boolean; name: string };
	text: string;
}

/**
 * The topic message in a raw Update, or null for anything else: edits (an operator's edit cannot
 * be taken back from the customer's channel), service messages such as forum_topic_created, posts
 * outside a topic (the General topic carries no message_thread_id flag of its own) and messages
 * without a sender.
 */
export function topicMessageOf(raw: unknown): TopicMessage | null {
	const parsed = UpdateSchema.safeParse(raw);
	const message = parsed.success ? parsed.data.message : undefined;
	if (!message?.from || !message.is_topic_message || message.message_thread_id === undefined) return null;
	const text = message.text ?? message.caption;
	if (text === undefined) return null;
	return {
		chatId: String(message.chat.id),
		threadId: message.message_thread_id,
		messageId: message.message_id,
		from: {
			id: String(message.from.id),
			isBot: message.from.is_bot,
			name: [message.from.first_name, message.from.last_name].filter(Boolean).join(' '),
		},
		text,
	};
}
