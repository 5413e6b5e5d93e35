import type { BotUser, Chat, Message, TelegramFile, User } from '../../../nodes/shared/channels/telegram/schema';
import type { ForumTopicRecord } from './forum';

/** One Bot API call as the fake received it, for assertions. */
export interface RecordedCall {
	method: string;
	params: Record<string, unknown>;
	/** Date.now() when it arrived. */
	at: number;
	status: number;
	/** Run because the webhook's reply named it, as Telegram does with webhook replies. */
	viaWebhookReply?: boolean;
}

export interface ChatRecord {
	chat: Chat;
	blocked: boolean;
	/** What the bot delivered there, in order. */
	sent: Message[];
	nextMessageId: number;
	/** Forum supergroups only: their topics by message_thread_id, and whether the bot may manage them. */
	topics?: Map<number, ForumTopicRecord>;
	botCanManageTopics?: boolean;
}

/** A Telegram Business account that let the bot answer its private chats. */
export interface BusinessConnectionRecord {
	id: string;
	owner: User;
	enabled: boolean;
	/** The business account's private chats by the customer's id, as the bot may speak in them. */
	chats: Map<number, ChatRecord>;
}

export interface Webhook {
	url: string;
	secretToken?: string;
	allowedUpdates?: string[];
	lastErrorDate?: number;
	lastErrorMessage?: string;
}

/** Everything one fake bot knows; the methods and the update builders read and change it. */
export class FakeBotState {
	readonly calls: RecordedCall[] = [];
	readonly chats = new Map<number, ChatRecord>();
	readonly files = new Map<string, { file: TelegramFile; bytes: Buffer }>();
	readonly openCallbackQueries = new Set<string>();
	readonly businessConnections = new Map<string, BusinessConnectionRecord>();
	webhook: Webhook | undefined;
	/** Calls still to be refused with 429, and until when (ms) the last 429 holds. */
	readonly limit = { pending: 0, retryAfter: 1, until: 0 };
	private counter = 0;

	constructor(
		readonly bot: BotUser,
		readonly token: string,
	) {}

	nextId(): number {
		return ++this.counter;
	}

	/** A private chat exists once the customer has written to the bot, as on Telegram. */
	openPrivateChat(user: User, chats = this.chats): ChatRecord {
		const existing = chats.get(user.id);
		if (existing) return existing;
		const record: ChatRecord = {
			chat: { id: user.id, type: 'private', first_name: user.first_name, last_name: user.last_name, username: user.username },
			blocked: false,
			sent: [],
			nextMessageId: 1,
		};
		chats.set(user.id, record);
		return record;
	}

	addFile(bytes: Buffer, folder: string, extension: string): TelegramFile {
		const n = this.nextId();
		const file = {
			file_id: `AgAC${n}FakeFileId${n.toString(36)}`,
			file_unique_id: `AQAD${n}`,
			file_size: bytes.length,
			file_path: `${folder}/file_${n}.${extension}`,
		};
		this.files.set(file.file_id, { file, bytes });
		return file;
	}
}
