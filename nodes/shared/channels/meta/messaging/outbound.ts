import type { OutboundMessage } from '../../../envelope';
import { DEFAULT_RETRY, sendWithRetry, type AttemptOutcome, type RetryPolicy } from '../../common/retry';
import { splitText } from '../../common/split';
import type { ChannelSender, SendResult } from '../../types';
import { classifyGraphError } from '../errors';
import { GraphClient } from '../graph';
import type { SendContext } from '../../types';
import { windowState } from '../window';
import type { MessagingPlatform } from './normalise';
import type { MessagingSendAnswer } from './schema';

export const MAX_QUICK_REPLIES = 13;
export const QUICK_REPLY_TITLE_LIMIT = 20;
export const QUICK_REPLY_PAYLOAD_LIMIT = 1000;

export interface MessagingCredentials {
	/** The page access token (Instagram through Facebook login uses the linked page's token too). */
	accessToken: string;
	/** When set, sends go to /{pageId}/messages instead of /me/messages. */
	pageId?: string;
	apiVersion?: string;
	baseUrl?: string;
}

/** What differs between Messenger and Instagram when sending. */
export interface MessagingRules {
	channel: MessagingPlatform;
	/** The name the ops person knows, for reasons. */
	title: string;
	textLimit: number;
	/** How the limit is counted: Messenger in characters, Instagram in UTF-8 bytes. */
	measure: (text: string) => number;
	/** The error_subcode (with code 10) the platform answers a send outside the window with. */
	outsideWindowSubcode: number;
	/** Where sends go with these credentials. */
	sendPath: (credentials: MessagingCredentials) => string;
}

export interface MessagingSender extends ChannelSender<MessagingCredentials> {
	send(credentials: MessagingCredentials, message: OutboundMessage, context?: SendContext): Promise<SendResult>;
}

type Tagging = { messaging_type: 'RESPONSE' } | { messaging_type: 'MESSAGE_TAG'; tag: 'HUMAN_AGENT' };
const RESPONSE: Tagging = { messaging_type: 'RESPONSE' };
const HUMAN_AGENT: Tagging = { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };

/**
 * Sends an OutboundMessage on Messenger or Instagram: each attachment, then the text in parts
 * that fit the platform's limit, the quick replies under the last part. Inside 24 hours of the
 * customer's last message it is a RESPONSE; after that only a person may answer, for 7 days,
 * with the HUMAN_AGENT tag. When the caller does not say when the customer last wrote, the
 * platform's outside-window refusal of the first part decides.
 */
export function createMessagingSender(rules: MessagingRules, policy: RetryPolicy = DEFAULT_RETRY): MessagingSender {
	const codes = { [`10/${rules.outsideWindowSubcode}`]: 'outside_window', '551': 'unavailable' };
	const outside: SendResult = {
		ok: false,
		permanent: true,
		code: 'outside_window',
		reason: `${rules.title} allows messages only within 24 hours of the customer’s last message, and a person’s reply (HUMAN_AGENT tag) within 7 days`,
	};
	return {
		channel: rules.channel,
		async send(credentials, message, context = {}) {
			const invalid = invalidReason(message);
			if (invalid) return { ok: false, permanent: true, code: 'invalid_message', reason: invalid };

			const client = new GraphClient({ ...credentials, version: credentials.apiVersion, tokenIn: 'query', platform: rules.channel });
			const path = rules.sendPath(credentials);
			const post = (payload: object) =>
				sendWithRetry(async () => {
					try {
						const answer = await client.post<MessagingSendAnswer>(path, payload);
						return { ok: true, externalIds: [answer.message_id] } satisfies AttemptOutcome;
					} catch (error) {
						return classifyGraphError(error, codes);
					}
				}, policy);

			const window = windowState(context.lastInboundAt, context.now?.());
			if (window === 'closed' || (window === 'human_agent' && !message.fromOperator)) return outside;
			let tagging = window === 'human_agent' ? HUMAN_AGENT : RESPONSE;

			const contents = contentsOf(message, rules);
			const externalIds: string[] = [];
			for (let index = 0; index < contents.length; index++) {
				let result = await post({ recipient: { id: message.to }, ...tagging, message: contents[index] });
				if (!result.ok && result.code === 'outside_window') {
					if (index > 0 || tagging === HUMAN_AGENT || !message.fromOperator) return outside;
					tagging = HUMAN_AGENT;
					result = await post({ recipient: { id: message.to }, ...tagging, message: contents[index] });
					if (!result.ok && result.code === 'outside_window') return outside;
				}
				if (!result.ok) {
					const sent = index ? ` after ${index} of ${contents.length} parts were sent` : '';
					return { ...result, reason: `${result.reason}${sent}` };
				}
				externalIds.push(...result.externalIds);
			}
			return { ok: true, externalIds };
		},
	};
}

function invalidReason(message: OutboundMessage): string | undefined {
	if (!message.text && !message.attachments.length) return 'The message has neither text nor attachments';
	const { buttons } = message;
	if (buttons.length && !message.text) return 'Quick replies need a text to stand under';
	if (buttons.length > MAX_QUICK_REPLIES) return `At most ${MAX_QUICK_REPLIES} quick replies fit under a message; it has ${buttons.length}`;
	const long = buttons.find((b) => b.label.length > QUICK_REPLY_TITLE_LIMIT);
	if (long) return `The label of button "${long.label}" is ${long.label.length} characters; quick replies allow ${QUICK_REPLY_TITLE_LIMIT}`;
	const payload = buttons.find((b) => b.payload.length > QUICK_REPLY_PAYLOAD_LIMIT);
	if (payload) return `The payload of button "${payload.label}" is longer than ${QUICK_REPLY_PAYLOAD_LIMIT} characters`;
	const sourceless = message.attachments.find((a) => !a.fileId && !a.url);
	if (sourceless) return `An attachment (${sourceless.name ?? sourceless.type}) has neither a url nor a fileId`;
	return undefined;
}

function contentsOf(message: OutboundMessage, rules: MessagingRules): object[] {
	const media = message.attachments.map((a) => ({
		attachment: a.fileId
			? { type: a.type, payload: { attachment_id: a.fileId } }
			: { type: a.type, payload: { url: a.url, is_reusable: true } },
	}));
	const texts: object[] = message.text ? splitText(message.text, rules.textLimit, rules.measure).map((text) => ({ text })) : [];
	if (message.buttons.length) {
		const quick_replies = message.buttons.map((b) => ({ content_type: 'text', title: b.label, payload: b.payload }));
		texts[texts.length - 1] = { ...texts[texts.length - 1], quick_replies };
	}
	return [...media, ...texts];
}
