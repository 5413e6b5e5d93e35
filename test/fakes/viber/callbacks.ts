import type { ViberCallback, ViberUser } from '../../../nodes/shared/channels/viber/schema';
import type { FakeViberState } from './state';

/** A callback as Viber builds it; `message_token` is an int64 kept as a string until it is sent. */
export type Callback = ViberCallback & Record<string, unknown>;

const HOSTNAME = 'SN-CHAT-05_';

/**
 * Builds the callbacks Viber would send when a customer acts, and records what they imply
 * (the customer may now be written to, the hourly cap starts again, they unsubscribed), so that
 * the fake's endpoints then behave as Viber would.
 */
export function callbackBuilders(state: FakeViberState) {
	let userNo = 0;
	let timestamp = Date.now();
	// Viber's timestamps are milliseconds; two callbacks in the same millisecond are distinct events.
	const nextTimestamp = () => (timestamp = Math.max(timestamp + 1, Date.now()));

	function message(user: ViberUser, content: Record<string, unknown>): Callback {
		const record = state.userRecord(user);
		// Writing to the bot subscribes the customer and lifts the hourly cap on the bot's messages.
		record.subscribed = true;
		record.unanswered = [];
		return {
			event: 'message',
			timestamp: nextTimestamp(),
			chat_hostname: HOSTNAME,
			message_token: state.nextToken(),
			sender: user,
			message: { type: 'text', ...content },
			silent: false,
		} as Callback;
	}

	function about(event: string, user: ViberUser, fields: Record<string, unknown> = {}): Callback {
		state.userRecord(user);
		return { event, timestamp: nextTimestamp(), chat_hostname: HOSTNAME, message_token: state.nextToken(), ...fields } as Callback;
	}

	return {
		customer(profile: Partial<ViberUser> = {}): ViberUser {
			userNo++;
			return {
				id: `${Buffer.from(`viber-user-${userNo}`).toString('base64').slice(0, 22)}==`,
				name: 'Anna Petrova',
				avatar: 'https://media-direct.cdn.viber.com/download_photo?dlid=fake',
				country: 'NL',
				language: 'nl',
				api_version: 10,
				...profile,
			};
		},

		text: (user: ViberUser, text: string) => message(user, { type: 'text', text }),
		picture: (user: ViberUser, opts: { media: string; caption?: string; size?: number; fileName?: string }) =>
			message(user, { type: 'picture', text: opts.caption ?? '', media: opts.media, thumbnail: `${opts.media}?thumb`, file_name: opts.fileName, size: opts.size }),
		video: (user: ViberUser, opts: { media: string; size: number; duration?: number }) =>
			message(user, { type: 'video', media: opts.media, thumbnail: `${opts.media}?thumb`, size: opts.size, duration: opts.duration ?? 12 }),
		file: (user: ViberUser, opts: { media: string; fileName: string; size: number }) =>
			message(user, { type: 'file', media: opts.media, file_name: opts.fileName, size: opts.size }),
		sticker: (user: ViberUser, stickerId: number) =>
			message(user, { type: 'sticker', sticker_id: stickerId, media: `https://viber.com/stickers/${stickerId}.png` }),
		location: (user: ViberUser, lat: number, lon: number) => message(user, { type: 'location', location: { lat, lon } }),
		contact: (user: ViberUser, name: string, phone: string) => message(user, { type: 'contact', contact: { name, phone_number: phone } }),
		url: (user: ViberUser, url: string) => message(user, { type: 'url', media: url }),

		/** A tap on a reply button of the last keyboard the bot sent: Viber sends its ActionBody as the customer's text. */
		buttonPress(user: ViberUser, label: string): Callback {
			const keyboard = state.userRecord(user).sent.filter((m) => m.keyboard).at(-1)?.keyboard;
			const button = keyboard?.Buttons.find((b) => b.Text === label);
			if (!button) throw new Error(`the bot showed ${user.id} no button labelled "${label}"`);
			return message(user, { type: 'text', text: button.ActionBody });
		},

		subscribed(user: ViberUser): Callback {
			state.userRecord(user).subscribed = true;
			return about('subscribed', user, { user });
		},
		unsubscribed(user: ViberUser): Callback {
			state.userRecord(user).subscribed = false;
			return about('unsubscribed', user, { user_id: user.id });
		},
		conversationStarted: (user: ViberUser) =>
			about('conversation_started', user, { type: 'open', context: 'site-footer', user, subscribed: state.userRecord(user).subscribed }),
		delivered: (user: ViberUser, messageToken: string) => ({ ...about('delivered', user, { user_id: user.id }), message_token: messageToken }),
		seen: (user: ViberUser, messageToken: string) => ({ ...about('seen', user, { user_id: user.id }), message_token: messageToken }),
		failed: (user: ViberUser, messageToken: string, desc: string) =>
			({ ...about('failed', user, { user_id: user.id, desc }), message_token: messageToken }),
	};
}

export type CallbackBuilders = ReturnType<typeof callbackBuilders>;

/** JSON as Viber writes it: message tokens as bare int64 numbers. */
export const viberJson = (value: unknown) => JSON.stringify(value).replace(/"message_token":"(-?\d+)"/g, '"message_token":$1');
