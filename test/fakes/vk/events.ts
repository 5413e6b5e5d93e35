import type { FakeVkState, VkUser } from './state';

/** A Callback API event as VK posts it; the secret is added on delivery. */
export interface VkEvent {
	type: string;
	event_id: string;
	v: string;
	object: Record<string, unknown>;
	group_id: number;
}

const now = () => Math.floor(Date.now() / 1000);

/**
 * Builds the events VK would post when a customer acts, and records what they imply (the
 * community may now write to them, or may no longer), so that messages.send then behaves as VK would.
 */
export function eventBuilders(state: FakeVkState) {
	let userId = 100_000_000;
	let conversationMessageId = 0;

	const event = (type: string, object: Record<string, unknown>): VkEvent => ({
		type,
		event_id: state.nextEventId(),
		v: '5.199',
		object,
		group_id: state.community.id,
	});

	function messageNew(user: VkUser, fields: Record<string, unknown>): VkEvent {
		// Writing to a community allows it to answer.
		state.userRecord(user).allowed = true;
		const message = {
			date: now(),
			from_id: user.id,
			id: state.nextMessageId(),
			out: 0,
			attachments: [],
			conversation_message_id: ++conversationMessageId,
			fwd_messages: [],
			important: false,
			is_hidden: false,
			peer_id: user.id,
			random_id: 0,
			text: '',
			...fields,
		};
		return event('message_new', {
			message,
			client_info: { button_actions: ['text', 'vkpay', 'open_app', 'location', 'open_link', 'callback'], keyboard: true, inline_keyboard: true, carousel: true, lang_id: 0 },
		});
	}

	return {
		customer(profile: Partial<VkUser> = {}): VkUser {
			return { id: ++userId, first_name: 'Anna', last_name: 'Petrova', ...profile };
		},

		text: (user: VkUser, text: string) => messageNew(user, { text }),

		/** VK stores each photo in several sizes, in no promised order. */
		photo(user: VkUser, opts: { caption?: string } = {}): VkEvent {
			const id = 457_239_000 + state.nextMessageId();
			const size = (type: string, width: number, height: number) => ({ type, width, height, url: `https://sun9-7.userapi.com/impg/${id}/${type}.jpg` });
			return messageNew(user, {
				text: opts.caption ?? '',
				attachments: [{ type: 'photo', photo: { id, owner_id: user.id, access_key: 'f3a9', date: now(), sizes: [size('s', 75, 56), size('w', 2560, 1920), size('x', 604, 453)], text: '' } }],
			});
		},

		doc(user: VkUser, opts: { title: string; size: number; ext: string }): VkEvent {
			const id = 660_000_000 + state.nextMessageId();
			return messageNew(user, {
				attachments: [{ type: 'doc', doc: { id, owner_id: user.id, title: opts.title, size: opts.size, ext: opts.ext, url: `https://vk.com/doc${user.id}_${id}?hash=fake`, date: now(), type: 1 } }],
			});
		},

		geo: (user: VkUser, latitude: number, longitude: number) =>
			messageNew(user, { geo: { type: 'point', coordinates: { latitude, longitude }, place: { country: 'Russia', city: 'Moscow' } } }),

		/** A tap on a button of the last keyboard the community sent: the label as text, the button's payload alongside. */
		buttonPress(user: VkUser, label: string): VkEvent {
			const keyboard = state.userRecord(user).sent.filter((m) => m.keyboard).at(-1)?.keyboard;
			const button = keyboard?.buttons.flat().find((b) => b.action.label === label);
			if (!button) throw new Error(`the community showed ${user.id} no button labelled "${label}"`);
			return messageNew(user, { text: label, payload: button.action.payload });
		},

		allow(user: VkUser): VkEvent {
			state.userRecord(user).allowed = true;
			return event('message_allow', { user_id: user.id, key: 'promo' });
		},
		deny(user: VkUser): VkEvent {
			state.userRecord(user).allowed = false;
			return event('message_deny', { user_id: user.id });
		},
		/** The echo VK sends of a message the community itself sent. */
		reply: (user: VkUser, text: string) =>
			event('message_reply', { date: now(), from_id: -state.community.id, id: state.nextMessageId(), out: 1, peer_id: user.id, text, attachments: [] }),
		typing: (user: VkUser) => event('message_typing_state', { state: 'typing', from_id: user.id, to_id: -state.community.id }),
	};
}

export type EventBuilders = ReturnType<typeof eventBuilders>;
