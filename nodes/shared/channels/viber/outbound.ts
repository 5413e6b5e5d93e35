import type { OutboundMessage } from '../../envelope';
import { NetworkError, request } from '../common/http';
import { DEFAULT_RETRY, sendWithRetry, type AttemptOutcome, type RetryPolicy } from '../common/retry';
import { splitText } from '../common/split';
import type { ChannelSender, SendResult } from '../types';
import { ViberApiError, ViberClient } from './client';
import { ACTION_PREFIX } from './normalise';
import type { ViberKeyboard } from './schema';

export const TEXT_LIMIT = 7000;
export const PICTURE_TEXT_LIMIT = 768;
export const SENDER_NAME_LIMIT = 28;

export interface ViberCredentials {
	authToken: string;
	/** Shown as the author of every message (Viber requires one). */
	senderName: string;
	senderAvatar?: string;
	baseUrl?: string;
}

/** The content of one send_message call; receiver, sender and keyboard are added around it. */
type Content = Record<string, unknown>;

/**
 * Sends an OutboundMessage as one or more send_message calls, in order: each attachment (a picture
 * carrying the text when it fits 768 chars), then the text in parts of at most 7000; the keyboard
 * goes with the last part. Each part is retried on its own, so a tooManyRequests in the middle does
 * not resend the parts before it. Viber has no retry-after: waits are the policy's backoff.
 */
export function createViberSender(policy: RetryPolicy = DEFAULT_RETRY): ChannelSender<ViberCredentials> {
	return {
		channel: 'viber',
		async send(credentials, message) {
			const invalid = invalidReason(message);
			if (invalid) return { ok: false, permanent: true, code: 'invalid_message', reason: invalid };

			const client = new ViberClient(credentials.authToken, credentials.baseUrl);
			const parts = await contentsOf(message);
			const envelope = {
				receiver: message.to,
				// Longer names are refused with badData; a shortened name still says who writes.
				sender: { name: credentials.senderName.slice(0, SENDER_NAME_LIMIT), ...(credentials.senderAvatar ? { avatar: credentials.senderAvatar } : {}) },
				...(message.idempotencyKey ? { tracking_data: message.idempotencyKey } : {}),
			};
			const keyboard = message.buttons.length ? { keyboard: keyboardOf(message) } : {};

			const externalIds: string[] = [];
			for (const [index, content] of parts.entries()) {
				const body = { ...envelope, ...content, ...(index === parts.length - 1 ? keyboard : {}) };
				const result = await sendWithRetry(() => attempt(() => client.sendMessage(body)), policy);
				if (!result.ok) {
					const sent = index ? ` after ${index} of ${parts.length} parts were sent` : '';
					return { ...result, reason: `${result.reason}${sent}` };
				}
				externalIds.push(...result.externalIds);
			}
			return { ok: true, externalIds };
		},
	};
}

export const viberSender = createViberSender();

function invalidReason(message: OutboundMessage): string | undefined {
	if (!message.text && !message.attachments.length) return 'The message has neither text nor attachments';
	const sourceless = message.attachments.find((a) => !a.url);
	if (sourceless) return `An attachment (${sourceless.name ?? sourceless.type}) has no url; Viber fetches media by URL`;
	return undefined;
}

function keyboardOf(message: OutboundMessage): ViberKeyboard {
	return {
		Type: 'keyboard',
		DefaultHeight: false,
		Buttons: message.buttons.map((b) => ({ ActionType: 'reply', ActionBody: `${ACTION_PREFIX}${b.payload}`, Text: b.label })),
	};
}

async function contentsOf(message: OutboundMessage): Promise<Content[]> {
	const { text, attachments } = message;
	const captioned = attachments[0]?.type === 'image' && text.length <= PICTURE_TEXT_LIMIT;
	const media: Content[] = [];
	for (const [i, a] of attachments.entries()) {
		const url = a.url as string;
		if (a.type === 'image') media.push({ type: 'picture', media: url, text: captioned && i === 0 ? text : '' });
		else media.push(await fileContent(url, a.name));
	}
	const texts = captioned || !text ? [] : splitText(text, TEXT_LIMIT).map((chunk) => ({ type: 'text', text: chunk }));
	return [...media, ...texts];
}

/**
 * Viber's file message needs the size in bytes, which only the file's server knows: a HEAD asks it.
 * A server that does not tell gets the file sent as a link (a `url` message) instead.
 */
async function fileContent(url: string, name: string | undefined): Promise<Content> {
	const fileName = name || decodeURIComponent(new URL(url).pathname.split('/').pop() || 'file');
	try {
		const head = await request({ method: 'HEAD', url });
		const size = Number(head.headers['content-length']);
		if (head.status === 200 && Number.isInteger(size) && size > 0) return { type: 'file', media: url, size, file_name: fileName };
	} catch (error) {
		if (!(error instanceof NetworkError)) throw error;
	}
	return { type: 'url', media: url };
}

async function attempt(call: () => Promise<{ message_token: string }>): Promise<AttemptOutcome> {
	try {
		const sent = await call();
		return { ok: true, externalIds: [String(sent.message_token)] };
	} catch (error) {
		return classify(error);
	}
}

/** Viber's statuses (inside HTTP 200) that mean "not now" versus "never". */
const PERMANENT: Record<number, string> = {
	1: 'invalid_url',
	2: 'invalid_token',
	3: 'bad_data',
	4: 'missing_data',
	5: 'unsubscribed',
	6: 'unsubscribed',
	// The whole bot account is blocked, not the customer: nothing to keep on their identity.
	7: 'account_blocked',
	10: 'webhook_not_set',
};

export function classify(error: unknown): AttemptOutcome {
	if (error instanceof NetworkError) return { ok: false, transient: true, code: 'network', reason: error.message };
	if (!(error instanceof ViberApiError)) throw error;
	const { status, statusMessage, httpStatus } = error;
	if (status === 12) return { ok: false, transient: true, code: 'rate_limited', reason: statusMessage };
	if (status === undefined && (httpStatus >= 500 || httpStatus === 429)) return { ok: false, transient: true, code: 'server_error', reason: statusMessage };
	const code = status === undefined ? `http_${httpStatus}` : (PERMANENT[status] ?? `status_${status}`);
	return { ok: false, permanent: true, code, reason: statusMessage } satisfies SendResult;
}
