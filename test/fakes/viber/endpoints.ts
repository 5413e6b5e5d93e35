import type { ViberKeyboard } from '../../../nodes/shared/channels/viber/schema';
import type { FakeViberState, SentMessage } from './state';

/** Viber answers every call with HTTP 200; the status in the body says what happened. */
export interface Answer {
	status: number;
	status_message: string;
	[field: string]: unknown;
}

type Body = Record<string, unknown>;
type Endpoint = (state: FakeViberState, body: Body, deliver: (url: string, event: Body) => Promise<number>) => Answer | Promise<Answer>;

export const STATUS = {
	1: 'invalidUrl',
	2: 'invalidAuthToken',
	3: 'badData',
	4: 'missingData',
	5: 'receiverNotRegistered',
	6: 'receiverNotSubscribed',
	7: 'publicAccountBlocked',
	10: 'webhookNotSet',
	12: 'tooManyRequests',
} as const;

export const fail = (status: keyof typeof STATUS, detail?: string): Answer => ({
	status,
	status_message: detail ? `${STATUS[status]}: ${detail}` : STATUS[status],
});
const ok = (fields: Body = {}): Answer => ({ status: 0, status_message: 'ok', ...fields });

const ALL_EVENTS = ['delivered', 'seen', 'failed', 'subscribed', 'unsubscribed', 'conversation_started'];
const CAP_PER_HOUR = 100;
const HOUR = 3_600_000;

export const ENDPOINTS: Record<string, Endpoint> = {
	get_account_info: (state) =>
		ok({
			...state.account,
			icon: 'https://media-direct.cdn.viber.com/pg_download?id=fake',
			category: 'Support',
			subcategory: 'Customer service',
			country: 'NL',
			webhook: state.webhook?.url ?? '',
			event_types: state.webhook?.eventTypes ?? [],
			subscribers_count: [...state.users.values()].filter((u) => u.subscribed).length,
			members: [{ id: '01234567890A=', name: 'Admin', role: 'admin' }],
		}),

	async set_webhook(state, body, deliver) {
		const url = String(body.url ?? '');
		if (!url) {
			state.webhook = undefined;
			return ok();
		}
		// Viber demands HTTPS with a valid certificate; the fake accepts loopback HTTP for tests.
		if (!/^https?:\/\//.test(url)) return fail(1);
		const eventTypes = Array.isArray(body.event_types) ? (body.event_types as string[]) : ALL_EVENTS;
		// Like Viber: the URL must answer the signed `webhook` event with 200 before it is set.
		const answer = await deliver(url, { event: 'webhook', timestamp: Date.now(), chat_hostname: 'SN-CHAT-01_', message_token: state.nextToken() });
		if (answer !== 200) return fail(1, `the webhook answered ${answer}`);
		state.webhook = { url, eventTypes, sendName: body.send_name !== false, sendPhoto: body.send_photo !== false };
		return ok({ event_types: eventTypes, chat_hostname: 'SN-CHAT-01_' });
	},

	send_message(state, body) {
		if (!state.webhook) return fail(10);
		if (state.accountBlocked) return fail(7);
		const receiver = String(body.receiver ?? '');
		if (!receiver) return fail(4, 'receiver');
		const sender = body.sender as { name?: unknown; avatar?: unknown } | undefined;
		if (typeof sender?.name !== 'string' || !sender.name) return fail(4, 'sender.name');
		if (sender.name.length > 28) return fail(3, 'sender.name is longer than 28 characters');
		const content = contentOf(body);
		if ('status' in content) return content;
		if (body.keyboard !== undefined && !validKeyboard(body.keyboard)) return fail(3, 'keyboard');

		const user = state.users.get(receiver);
		if (!user || !user.registered) return fail(5);
		if (!user.subscribed) return fail(6);
		if (state.burst > 0) {
			state.burst--;
			return fail(12);
		}
		const now = Date.now();
		user.unanswered = user.unanswered.filter((at) => now - at < HOUR);
		if (user.unanswered.length >= CAP_PER_HOUR) return fail(12);
		user.unanswered.push(now);

		const sent: SentMessage = {
			messageToken: state.nextToken(),
			...content,
			sender: { name: sender.name, ...(typeof sender.avatar === 'string' ? { avatar: sender.avatar } : {}) },
			...(body.keyboard ? { keyboard: body.keyboard as ViberKeyboard } : {}),
			...(typeof body.tracking_data === 'string' ? { trackingData: body.tracking_data } : {}),
			at: now,
		};
		user.sent.push(sent);
		return ok({ message_token: sent.messageToken, chat_hostname: 'SN-CHAT-01_' });
	},
};

type Content = Pick<SentMessage, 'type' | 'text' | 'media' | 'fileName' | 'size'>;

/** What each message type needs, as Viber checks it. */
function contentOf(body: Body): Content | Answer {
	const type = String(body.type ?? '');
	const text = typeof body.text === 'string' ? body.text : undefined;
	const media = typeof body.media === 'string' ? body.media : undefined;
	switch (type) {
		case 'text':
			if (!text) return fail(4, 'text');
			if (text.length > 7000) return fail(3, 'text is longer than 7000 characters');
			return { type, text };
		case 'picture':
			if (!media) return fail(4, 'media');
			if ((text ?? '').length > 768) return fail(3, 'picture text is longer than 768 characters');
			return { type, media, text };
		case 'file': {
			const size = Number(body.size);
			const fileName = typeof body.file_name === 'string' ? body.file_name : '';
			if (!media || !fileName || !Number.isInteger(size) || size <= 0) return fail(4, 'media, size and file_name');
			return { type, media, size, fileName };
		}
		case 'url':
			if (!media) return fail(4, 'media');
			return { type, media };
		case '':
			return fail(4, 'type');
		default:
			return fail(3, `unknown type ${type}`);
	}
}

function validKeyboard(keyboard: unknown): boolean {
	const k = keyboard as Partial<ViberKeyboard>;
	return (
		k?.Type === 'keyboard' &&
		Array.isArray(k.Buttons) &&
		k.Buttons.length > 0 &&
		k.Buttons.every((b) => typeof b.ActionBody === 'string' && b.ActionBody.length > 0 && typeof b.Text === 'string')
	);
}
