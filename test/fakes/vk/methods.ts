import type { Keyboard } from '../../../nodes/shared/channels/vk/schema';
import type { FakeVkState, SentMessage } from './state';

/** VK answers HTTP 200 whatever happens; the body holds the response or the error. */
export type Answer = { response: unknown } | { error: { error_code: number; error_msg: string; request_params: Array<{ key: string; value: string }> } };

type Params = Record<string, string>;
type Method = (state: FakeVkState, params: Params) => Answer;

export const ERRORS: Record<number, string> = {
	3: 'Unknown method passed',
	5: 'User authorization failed: invalid access_token (4).',
	6: 'Too many requests per second',
	8: 'Invalid request: v (version) is required',
	9: 'Flood control',
	100: 'One of the parameters specified was missing or invalid',
	901: "Can't send messages for users without permission",
	902: "Can't send messages to this user due to their privacy settings",
	911: 'Keyboard format is invalid',
	914: 'Message is too long',
};

export function fail(code: number, params: Params, detail?: string): Answer {
	const request_params = Object.entries(params)
		.filter(([key]) => key !== 'access_token')
		.map(([key, value]) => ({ key, value }));
	return { error: { error_code: code, error_msg: detail ? `${ERRORS[code]}: ${detail}` : ERRORS[code], request_params } };
}

export const METHODS: Record<string, Method> = {
	'groups.getById': (state) => ({
		response: { groups: [{ ...state.community, is_closed: 0, type: 'group', photo_50: 'https://sun9-1.userapi.com/fake.jpg' }], profiles: [] },
	}),

	'messages.send'(state, p) {
		const peerId = Number(p.peer_id ?? p.user_id);
		if (!peerId) return fail(100, p, 'peer_id is undefined');
		if (p.random_id === undefined || !/^-?\d+$/.test(p.random_id)) return fail(100, p, 'random_id is a required parameter');
		const text = p.message ?? '';
		if (!text && !p.attachment) return fail(100, p, 'message is empty or invalid');
		if (text.length > 9000) return fail(914, p);
		const keyboard = p.keyboard === undefined ? undefined : parseKeyboard(p.keyboard);
		if (keyboard === null) return fail(911, p);
		if (state.forced.tooManyPerSecond > 0) return state.forced.tooManyPerSecond--, fail(6, p);
		if (state.forced.flood > 0) return state.forced.flood--, fail(9, p);

		const user = state.users.get(peerId);
		if (!user?.allowed) return fail(901, p);
		if (user.privacyClosed) return fail(902, p);
		const randomId = Number(p.random_id);
		// VK drops a repeated random_id to the same peer and answers with the first message's id.
		const repeat = randomId !== 0 && user.sent.find((m) => m.randomId === randomId);
		if (repeat) return { response: repeat.id };
		const sent: SentMessage = {
			id: state.nextMessageId(),
			randomId,
			text,
			...(keyboard ? { keyboard } : {}),
			...(p.attachment ? { attachment: p.attachment } : {}),
			at: Date.now(),
		};
		user.sent.push(sent);
		return { response: sent.id };
	},
};

/** The keyboard as VK checks it: JSON, at most 10 buttons in 6 rows inline, labels ≤ 40, payloads ≤ 255. */
function parseKeyboard(text: string): Keyboard | null {
	let keyboard: Keyboard;
	try {
		keyboard = JSON.parse(text) as Keyboard;
	} catch {
		return null;
	}
	if (!Array.isArray(keyboard?.buttons) || !keyboard.buttons.every(Array.isArray)) return null;
	const buttons = keyboard.buttons.flat();
	if (keyboard.inline && (buttons.length > 10 || keyboard.buttons.length > 6)) return null;
	const valid = buttons.every(
		(b) => b.action?.type === 'text' && typeof b.action.label === 'string' && b.action.label.length <= 40 && (b.action.payload ?? '').length <= 255,
	);
	return valid ? keyboard : null;
}
