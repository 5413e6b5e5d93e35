import type { OutboundMessage } from '../../envelope';
import { NetworkError } from '../common/http';
import { DEFAULT_RETRY, sendWithRetry, type AttemptOutcome, type RetryPolicy } from '../common/retry';
import { splitText } from '../common/split';
import type { ChannelSender, SendResult } from '../types';
import { TelegramApiError, TelegramClient, type SendOptions } from './client';
import { routeOf } from './business';
import type { Message } from './schema';

export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;
export const CALLBACK_DATA_LIMIT = 64;

export interface TelegramCredentials {
	accessToken: string;
	baseUrl?: string;
}

/** One Bot API call of the several a message may need. */
type Part = (client: TelegramClient, options: SendOptions) => Promise<Message>;

/**
 * Sends an OutboundMessage as one or more Bot API calls, in order: each attachment (the first
 * carrying the text as its caption when the text fits 1024 chars), then the text in parts of at
 * most 4096; the buttons go on the last part, where the customer will see them. Each part is
 * retried on its own, so a 429 in the middle does not resend the parts before it.
 * `inReplyTo` is not turned into a quote: inbound Telegram externalIds are update_ids, not
 * message_ids, and quoting the wrong message would be worse than quoting none.
 */
export function createTelegramSender(policy: RetryPolicy = DEFAULT_RETRY): ChannelSender<TelegramCredentials> {
	return {
		channel: 'telegram',
		async send(credentials, message) {
			const invalid = invalidReason(message);
			if (invalid) return { ok: false, permanent: true, code: 'invalid_message', reason: invalid };

			const client = new TelegramClient(credentials.accessToken, credentials.baseUrl);
			const { chatId, businessConnectionId } = routeOf(message.to);
			const parts = partsOf(message, chatId);
			// Every part of an answer in a business chat speaks as the business.
			const business = businessConnectionId ? { business_connection_id: businessConnectionId } : {};
			const keyboard = message.buttons.length
				? { reply_markup: { inline_keyboard: message.buttons.map((b) => [{ text: b.label, callback_data: b.payload }]) } }
				: {};

			const externalIds: string[] = [];
			for (const [index, part] of parts.entries()) {
				const options = { ...business, ...(index === parts.length - 1 ? keyboard : {}) };
				const result = await sendWithRetry(() => attempt(() => part(client, options)), policy);
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

export const telegramSender = createTelegramSender();

function invalidReason(message: OutboundMessage): string | undefined {
	if (!message.text && !message.attachments.length) return 'The message has neither text nor attachments';
	const tooLong = message.buttons.find((b) => Buffer.byteLength(b.payload) > CALLBACK_DATA_LIMIT);
	if (tooLong) {
		return `The payload of button "${tooLong.label}" is ${Buffer.byteLength(tooLong.payload)} bytes; Telegram allows ${CALLBACK_DATA_LIMIT}`;
	}
	const sourceless = message.attachments.find((a) => !a.fileId && !a.url);
	if (sourceless) return `An attachment (${sourceless.name ?? sourceless.type}) has neither a url nor a fileId`;
	return undefined;
}

function partsOf(message: OutboundMessage, to: string): Part[] {
	const { text, attachments } = message;
	const captioned = attachments.length > 0 && text.length <= CAPTION_LIMIT;
	const media: Part[] = attachments.map((a, i) => {
		const source = (a.fileId ?? a.url) as string;
		const caption = captioned && i === 0 && text ? { caption: text } : {};
		return a.type === 'image'
			? (client, options) => client.sendPhoto(to, source, { ...options, ...caption })
			: (client, options) => client.sendDocument(to, source, { ...options, ...caption });
	});
	const texts: Part[] = captioned || !text
		? []
		: splitText(text, TEXT_LIMIT).map((chunk) => (client, options) => client.sendMessage(to, chunk, options));
	return [...media, ...texts];
}

async function attempt(call: () => Promise<Message>): Promise<AttemptOutcome> {
	try {
		const sent = await call();
		return { ok: true, externalIds: [String(sent.message_id)] };
	} catch (error) {
		return classify(error);
	}
}

/** Which refusals are worth another try, and what the permanent ones mean for the conversation. */
export function classify(error: unknown): AttemptOutcome {
	if (error instanceof NetworkError) return { ok: false, transient: true, code: 'network', reason: error.message };
	if (!(error instanceof TelegramApiError)) throw error;
	const { errorCode, description } = error;
	if (errorCode === 429) {
		const retryAfterMs = error.retryAfter === undefined ? undefined : error.retryAfter * 1000;
		return { ok: false, transient: true, code: 'rate_limited', reason: description, retryAfterMs };
	}
	if (errorCode >= 500) return { ok: false, transient: true, code: 'server_error', reason: description };
	return { ok: false, permanent: true, code: permanentCode(errorCode, description), reason: description } satisfies SendResult;
}

function permanentCode(errorCode: number, description: string): string {
	// 403 covers blocked by the user, kicked from the group, user deactivated, never started the bot.
	if (errorCode === 403) return 'blocked';
	if (errorCode === 401 || errorCode === 404) return 'invalid_token';
	if (/chat not found/i.test(description)) return 'chat_not_found';
	if (/too long/i.test(description)) return 'too_long';
	return 'bad_request';
}
