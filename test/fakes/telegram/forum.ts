import type { Chat, ForumTopic, Message, Update, User } from '../../../nodes/shared/channels/telegram/schema';
import { fail, type Method, type Reply } from './methods';
import type { ChatRecord, FakeBotState } from './state';

/*
 * Forum supergroups (groups with topics), as the Bot API has them: a topic's message_thread_id
 * is the message_id of the service message that opened it; messages in a topic carry
 * message_thread_id and is_topic_message; only an administrator with can_manage_topics opens
 * and closes topics.
 */

export interface ForumTopicRecord {
	threadId: number;
	name: string;
	closed: boolean;
}

const now = () => Math.floor(Date.now() / 1000);
const ok = (result: unknown): Reply => ({ status: 200, body: { ok: true, result } });

function forum(state: FakeBotState, chatId: unknown): ChatRecord | Reply {
	if (chatId === undefined || chatId === '') return fail(400, 'Bad Request: chat_id is empty');
	const record = state.chats.get(Number(chatId));
	if (!record) return fail(400, 'Bad Request: chat not found');
	if (!record.topics) return fail(400, 'Bad Request: the chat is not a forum');
	if (!record.botCanManageTopics) return fail(400, 'Bad Request: not enough rights to manage topics');
	return record;
}

export const FORUM_METHODS: Record<string, Method> = {
	createForumTopic(state, p) {
		const record = forum(state, p.chat_id);
		if ('status' in record) return record;
		const name = String(p.name ?? '');
		if (!name) return fail(400, 'Bad Request: TOPIC_TITLE_EMPTY');
		if (name.length > 128) return fail(400, 'Bad Request: TOPIC_TITLE_INVALID');
		const threadId = record.nextMessageId++;
		record.topics!.set(threadId, { threadId, name, closed: false });
		const topic: ForumTopic = { message_thread_id: threadId, name, icon_color: 7322096 };
		return ok(topic);
	},

	closeForumTopic(state, p) {
		const record = forum(state, p.chat_id);
		if ('status' in record) return record;
		const topic = record.topics!.get(Number(p.message_thread_id));
		if (!topic) return fail(400, 'Bad Request: message thread not found');
		if (topic.closed) return fail(400, 'Bad Request: TOPIC_NOT_MODIFIED');
		topic.closed = true;
		return ok(true);
	},
};

/** Checks a send's message_thread_id against the chat's topics; the fields the sent Message then carries. */
export function threadOf(record: ChatRecord, threadParam: unknown): Reply | Pick<Message, 'message_thread_id' | 'is_topic_message'> {
	if (threadParam === undefined) return {};
	const threadId = Number(threadParam);
	if (!record.topics?.has(threadId)) return fail(400, 'Bad Request: message thread not found');
	return { message_thread_id: threadId, is_topic_message: true };
}

let forumIds = 1_000_000_000;
/** A range of its own, apart from the customers' updates, so the two never share an update_id. */
let updateIds = 741_000_000;

/** The test's side of forum groups: make one, have members write in topics, read what the bot posted. */
export function forumHandle(state: FakeBotState) {
	const group = (chatId: number) => {
		const record = state.chats.get(chatId);
		if (!record?.topics) throw new Error(`the fake has no forum group ${chatId}`);
		return record;
	};
	return {
		/** A supergroup with topics where the bot is an administrator (unless `botIsAdmin` is false). */
		createGroup(opts: { title?: string; botIsAdmin?: boolean } = {}): Chat {
			const chat: Chat = { id: -(1_000_000_000_000 + ++forumIds), type: 'supergroup', title: opts.title ?? 'Support team', is_forum: true };
			state.chats.set(chat.id, { chat, blocked: false, sent: [], nextMessageId: 1, topics: new Map(), botCanManageTopics: opts.botIsAdmin ?? true });
			return chat;
		},

		topics: (chatId: number): ForumTopicRecord[] => [...group(chatId).topics!.values()],

		/** What the bot posted in one topic, in order. */
		postedIn: (chatId: number, threadId: number): Message[] => group(chatId).sent.filter((m) => m.message_thread_id === threadId),

		/** A member writes in a topic; an edit is Telegram's edited_message of an earlier one. */
		write(chatId: number, threadId: number, from: User, text: string): Update {
			const record = group(chatId);
			const message: Message = {
				message_id: record.nextMessageId++,
				message_thread_id: threadId,
				is_topic_message: true,
				from,
				chat: record.chat,
				date: now(),
				text,
			};
			return { update_id: ++updateIds, message };
		},
	};
}

export type ForumHandle = ReturnType<typeof forumHandle>;
