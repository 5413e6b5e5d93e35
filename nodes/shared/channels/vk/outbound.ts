import { randomUUID } from 'node:crypto';

import type { OutboundMessage } from '../../envelope';
import { NetworkError } from '../common/http';
import { DEFAULT_RETRY, sendWithRetry, type AttemptOutcome, type RetryPolicy } from '../common/retry';
import { splitText } from '../common/split';
import type { ChannelSender, SendResult } from '../types';
import { VkApiError, VkClient } from './client';
import { PAYLOAD_KEY } from './normalise';
import { randomIdOf } from './randomId';
import type { Keyboard } from './schema';

export const TEXT_LIMIT = 9000;
export const LABEL_LIMIT = 40;
export const PAYLOAD_LIMIT = 255;
/** An inline keyboard holds at most 10 buttons in at most 6 rows. */
export const INLINE_BUTTONS = 10;
const INLINE_ROWS = 6;

export interface VkCredentials {
	/** A community access token with the `messages` right. */
	accessToken: string;
	baseUrl?: string;
}

/**
 * Sends an OutboundMessage with messages.send: the text in parts of at most 9000 chars, in order,
 * with the keyboard and the VK media on the last part. Files given by URL go as links in the text:
 * attaching them would mean downloading each and uploading it to VK (three more calls per file,
 * on the community's upload server), which the pack does not do. Media already on VK (the
 * `photo-1_2` fileIds a VK trigger gives) are attached as they are.
 * Every part has a random_id derived from the message's idempotencyKey, so retries, here or of the
 * whole execution, never send a part twice.
 */
export function createVkSender(policy: RetryPolicy = DEFAULT_RETRY): ChannelSender<VkCredentials> {
	return {
		channel: 'vk',
		async send(credentials, message) {
			const invalid = invalidReason(message);
			if (invalid) return { ok: false, permanent: true, code: 'invalid_message', reason: invalid };

			const client = new VkClient(credentials.accessToken, credentials.baseUrl);
			const key = message.idempotencyKey ?? randomUUID();
			const parts = splitText(textWithLinks(message), TEXT_LIMIT);
			const media = message.attachments.flatMap((a) => (a.fileId ? [a.fileId] : []));
			const extras = {
				...(message.buttons.length ? { keyboard: JSON.stringify(keyboardOf(message)) } : {}),
				...(media.length ? { attachment: media.join(',') } : {}),
			};

			const externalIds: string[] = [];
			for (const [index, text] of parts.entries()) {
				const params = { peer_id: message.to, random_id: randomIdOf(key, index), message: text, ...(index === parts.length - 1 ? extras : {}) };
				const result = await sendWithRetry(() => attempt(() => client.sendMessage(params)), policy);
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

export const vkSender = createVkSender();

function invalidReason(message: OutboundMessage): string | undefined {
	if (!message.text && !message.attachments.length) return 'The message has neither text nor attachments';
	const sourceless = message.attachments.find((a) => !a.fileId && !a.url);
	if (sourceless) return `An attachment (${sourceless.name ?? sourceless.type}) has neither a url nor a fileId`;
	if (message.buttons.length > INLINE_BUTTONS) return `VK shows at most ${INLINE_BUTTONS} buttons under a message; this one has ${message.buttons.length}`;
	for (const b of message.buttons) {
		if (b.label.length > LABEL_LIMIT) return `The label of button "${b.label}" is longer than VK's ${LABEL_LIMIT} characters`;
		const payload = payloadOf(b.payload);
		if (payload.length > PAYLOAD_LIMIT) return `The payload of button "${b.label}" is ${payload.length} characters as VK JSON; VK allows ${PAYLOAD_LIMIT}`;
	}
	return undefined;
}

const payloadOf = (payload: string) => JSON.stringify({ [PAYLOAD_KEY]: payload });

/** Up to six buttons one to a row; more share rows, since an inline keyboard has six rows at most. */
function keyboardOf(message: OutboundMessage): Keyboard {
	const perRow = Math.ceil(message.buttons.length / INLINE_ROWS);
	const buttons = message.buttons.map((b) => ({ action: { type: 'text' as const, label: b.label, payload: payloadOf(b.payload) } }));
	const rows = [];
	for (let i = 0; i < buttons.length; i += perRow) rows.push(buttons.slice(i, i + perRow));
	return { inline: true, buttons: rows };
}

function textWithLinks(message: OutboundMessage): string {
	const links = message.attachments.filter((a) => !a.fileId && a.url).map((a) => (a.name ? `${a.name}: ${a.url}` : (a.url as string)));
	return [message.text, ...links].filter(Boolean).join('\n\n');
}

async function attempt(call: () => Promise<number>): Promise<AttemptOutcome> {
	try {
		return { ok: true, externalIds: [String(await call())] };
	} catch (error) {
		return classify(error);
	}
}

/** VK's error codes (inside HTTP 200) that mean "not now" versus "never". */
const PERMANENT: Record<number, string> = {
	5: 'invalid_token',
	7: 'forbidden',
	15: 'forbidden',
	901: 'unsubscribed',
	902: 'privacy',
	914: 'too_long',
	911: 'bad_keyboard',
};

export function classify(error: unknown): AttemptOutcome {
	if (error instanceof NetworkError) return { ok: false, transient: true, code: 'network', reason: error.message };
	if (!(error instanceof VkApiError)) throw error;
	const { errorCode, errorMsg, httpStatus } = error;
	// Error 6 counts requests within one second: the next second may pass.
	if (errorCode === 6) return { ok: false, transient: true, code: 'rate_limited', reason: errorMsg, retryAfterMs: 1000 };
	if (errorCode === 9) return { ok: false, transient: true, code: 'flood_control', reason: errorMsg };
	if (errorCode === 10) return { ok: false, transient: true, code: 'server_error', reason: errorMsg };
	if (errorCode === undefined && (httpStatus >= 500 || httpStatus === 429)) {
		return { ok: false, transient: true, code: 'server_error', reason: errorMsg };
	}
	const code = errorCode === undefined ? `http_${httpStatus}` : (PERMANENT[errorCode] ?? `error_${errorCode}`);
	return { ok: false, permanent: true, code, reason: errorMsg } satisfies SendResult;
}
