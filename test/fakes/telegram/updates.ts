import type { Message, Update, User } from '../../../nodes/shared/channels/telegram/schema';
import type { FakeBotState } from './state';

export type CustomerProfile = Partial<Omit<User, 'is_bot'>>;

const now = () => Math.floor(Date.now() / 1000);

/**
 * Builds the Updates Telegram would send when a customer acts, and records what they imply
 * (the private chat now exists, the photo can be downloaded, the button press may be answered,
 * the chat is blocked), so that the fake's methods then behave as Telegram would.
 */
export function updateBuilders(state: FakeBotState) {
	let updateId = 731_000_000;
	let userId = 500_000_000;

	function customerMessage(user: User, content: Partial<Message> & Record<string, unknown>): Update {
		const record = state.openPrivateChat(user);
		const message = { message_id: record.nextMessageId++, from: user, chat: record.chat, date: now(), ...content };
		return { update_id: ++updateId, message };
	}

	function businessMessage(connectionId: string, author: User, customer: User, content: Partial<Message>): Update {
		const connection = state.businessConnections.get(connectionId);
		if (!connection) throw new Error(`the fake has no business connection ${connectionId}`);
		const record = state.openPrivateChat(customer, connection.chats);
		const message = { message_id: record.nextMessageId++, business_connection_id: connectionId, from: author, chat: record.chat, date: now(), ...content };
		return { update_id: ++updateId, business_message: message };
	}

	function membership(user: User, from: string, to: string): Update {
		const record = state.openPrivateChat(user);
		record.blocked = to === 'kicked';
		const member = (status: string) => ({ status, user: { ...state.bot } });
		return {
			update_id: ++updateId,
			my_chat_member: { chat: record.chat, from: user, date: now(), old_chat_member: member(from), new_chat_member: member(to) },
		};
	}

	return {
		customer(profile: CustomerProfile = {}): User {
			return { id: ++userId, is_bot: false, first_name: 'Anna', last_name: 'Petrova', username: 'anna_p', language_code: 'ru', ...profile };
		},

		text(user: User, text: string): Update {
			const command = /^\/\w+/.exec(text);
			const entities = command ? [{ type: 'bot_command', offset: 0, length: command[0].length }] : undefined;
			return customerMessage(user, { text, ...(entities ? { entities } : {}) });
		},

		/** Telegram stores each photo in several sizes, smallest first. */
		photo(user: User, opts: { bytes?: Buffer; caption?: string } = {}): Update {
			const bytes = opts.bytes ?? Buffer.from('fake jpeg bytes');
			const thumb = state.addFile(bytes.subarray(0, 4), 'photos', 'jpg');
			const full = state.addFile(bytes, 'photos', 'jpg');
			const size = (f: typeof full, width: number, height: number) => ({
				file_id: f.file_id,
				file_unique_id: f.file_unique_id,
				file_size: f.file_size,
				width,
				height,
			});
			return customerMessage(user, { photo: [size(thumb, 90, 67), size(full, 1280, 960)], caption: opts.caption });
		},

		document(user: User, opts: { fileName: string; mimeType: string; bytes?: Buffer; caption?: string }): Update {
			const bytes = opts.bytes ?? Buffer.from('fake document bytes');
			const { file_path: _path, ...file } = state.addFile(bytes, 'documents', opts.fileName.split('.').pop() ?? 'bin');
			return customerMessage(user, {
				document: { ...file, file_name: opts.fileName, mime_type: opts.mimeType },
				caption: opts.caption,
			});
		},

		/** The customer shares their own phone number (a request_contact button). */
		contact(user: User, phoneNumber: string): Update {
			return customerMessage(user, {
				contact: { phone_number: phoneNumber, first_name: user.first_name, last_name: user.last_name, user_id: user.id },
			});
		},

		/** A press on an inline button under the bot's last message in the customer's chat (of the business account, given its connection). */
		buttonPress(user: User, data: string, businessConnectionId?: string): Update {
			const chats = businessConnectionId ? state.businessConnections.get(businessConnectionId)?.chats : undefined;
			const record = state.openPrivateChat(user, chats);
			const message = record.sent.at(-1);
			if (!message) throw new Error(`the bot has sent nothing to chat ${user.id} to press a button under`);
			const id = String(BigInt(user.id) * 1000n + BigInt(state.nextId()));
			state.openCallbackQueries.add(id);
			return {
				update_id: ++updateId,
				callback_query: { id, from: user, message, chat_instance: `-${user.id}77`, data },
			};
		},

		/** A Telegram Business account (its owner's profile) lets the bot answer its private chats. */
		businessConnection(owner: User): Update & { business_connection: { id: string; [field: string]: unknown } } {
			const id = `BcOnN${state.nextId()}-${owner.id.toString(36)}`;
			state.businessConnections.set(id, { id, owner, enabled: true, chats: new Map() });
			return {
				update_id: ++updateId,
				business_connection: { id, user: owner, user_chat_id: owner.id, date: now(), is_enabled: true, rights: { can_reply: true } },
			};
		},

		/** A customer writes to the business account; Telegram passes it to the connected bot. */
		businessText: (connectionId: string, customer: User, text: string) => businessMessage(connectionId, customer, customer, { text }),

		/** The business account's owner answers in that chat from their own Telegram app. */
		businessOwnerText(connectionId: string, customer: User, text: string): Update {
			return businessMessage(connectionId, state.businessConnections.get(connectionId)!.owner, customer, { text });
		},

		blocked: (user: User) => membership(user, 'member', 'kicked'),
		unblocked: (user: User) => membership(user, 'kicked', 'member'),
	};
}

export type UpdateBuilders = ReturnType<typeof updateBuilders>;
