import type { OutboundMessage } from '../../envelope';
import { DEFAULT_RETRY, sendWithRetry, type AttemptOutcome, type RetryPolicy } from '../common/retry';
import { splitText } from '../common/split';
import type { ChannelSender, SendResult } from '../types';
import { classifyGraphError } from '../meta/errors';
import { GraphClient } from '../meta/graph';
import type { SendContext } from '../types';
import { windowState } from '../meta/window';
import type { WhatsAppSendAnswer } from './schema';

export const TEXT_LIMIT = 4096;
export const INTERACTIVE_BODY_LIMIT = 1024;
export const MAX_REPLY_BUTTONS = 3;
export const BUTTON_TITLE_LIMIT = 20;
export const MAX_LIST_ROWS = 10;
export const ROW_TITLE_LIMIT = 24;
export const ROW_ID_LIMIT = 200;
/** The label of the button that opens a list; WhatsApp allows 20 characters. */
const LIST_BUTTON_LABEL = 'Choose';

export const OUTSIDE_WINDOW_RULE =
	'WhatsApp allows free text only within 24 hours of the customer’s last message; set an approved template to write later';

export interface WhatsAppCredentials {
	accessToken: string;
	phoneNumberId: string;
	apiVersion?: string;
	baseUrl?: string;
	/** An approved template sent instead of free text outside the 24-hour window, its body parameter being the text. */
	templateName?: string;
	templateLanguage?: string;
}

export interface WhatsAppSender extends ChannelSender<WhatsAppCredentials> {
	send(credentials: WhatsAppCredentials, message: OutboundMessage, context?: SendContext): Promise<SendResult>;
}

/** The WhatsApp error codes beyond those every Meta channel shares. */
const WHATSAPP_CODES = { '131047': 'outside_window', '131026': 'undeliverable', '132001': 'template_missing' };

type Payload = Record<string, unknown>;

/**
 * Sends an OutboundMessage as WhatsApp Cloud API messages, in order: each attachment by link
 * (or media id), then the text in parts of at most 4096 characters, the last one carrying the
 * buttons as an interactive message. Outside the 24-hour window, known from `lastInboundAt` or
 * learnt from error 131047 on the first part, the configured template carries the text instead.
 */
export function createWhatsAppSender(policy: RetryPolicy = DEFAULT_RETRY): WhatsAppSender {
	return {
		channel: 'whatsapp',
		async send(credentials, message, context = {}) {
			const invalid = invalidReason(message);
			if (invalid) return { ok: false, permanent: true, code: 'invalid_message', reason: invalid };

			const client = new GraphClient({ ...credentials, version: credentials.apiVersion, platform: 'whatsapp' });
			const post = (payload: Payload) => sendWithRetry(() => attempt(client, credentials.phoneNumberId, payload), policy);
			const to = message.to.replace(/^\+/, '');
			const window = windowState(context.lastInboundAt, context.now?.());
			const template = context.template === undefined ? credentialTemplate(credentials) : context.template;
			if (window === 'human_agent' || window === 'closed') return sendTemplate(template, to, message.text, post);

			const payloads = payloadsOf(message, to);
			const externalIds: string[] = [];
			for (const [index, payload] of payloads.entries()) {
				const result = await post(payload);
				if (!result.ok) {
					if (result.code === 'outside_window' && index === 0) return sendTemplate(template, to, message.text, post);
					const sent = index ? ` after ${index} of ${payloads.length} parts were sent` : '';
					return { ...result, reason: `${result.reason}${sent}` };
				}
				externalIds.push(...result.externalIds);
			}
			return { ok: true, externalIds };
		},
	};
}

export const whatsAppSender = createWhatsAppSender();

const credentialTemplate = (credentials: WhatsAppCredentials) =>
	credentials.templateName ? { name: credentials.templateName, language: credentials.templateLanguage || 'en' } : null;

/** Outside the window only an approved template may go; without one, the rule is the answer. */
async function sendTemplate(
	template: { name: string; language: string } | null,
	to: string,
	text: string,
	post: (payload: Payload) => Promise<SendResult>,
): Promise<SendResult> {
	if (!template) return { ok: false, permanent: true, code: 'outside_window', reason: OUTSIDE_WINDOW_RULE };
	const result = await post({
		messaging_product: 'whatsapp',
		recipient_type: 'individual',
		to,
		type: 'template',
		template: {
			name: template.name,
			language: { code: template.language },
			components: text ? [{ type: 'body', parameters: [{ type: 'text', text }] }] : [],
		},
	});
	if (result.ok || result.code !== 'template_missing') return result;
	return { ...result, reason: `${result.reason} (template "${template.name}" in language "${template.language}")` };
}

function invalidReason(message: OutboundMessage): string | undefined {
	if (!message.text && !message.attachments.length) return 'The message has neither text nor attachments';
	const { buttons } = message;
	if (buttons.length && !message.text) return 'WhatsApp buttons need a text to stand under';
	if (buttons.length > MAX_LIST_ROWS) return `WhatsApp shows at most ${MAX_LIST_ROWS} choices in a list; the message has ${buttons.length}`;
	const long = buttons.find((b) => b.label.length > ROW_TITLE_LIMIT);
	if (long) return `The label of button "${long.label}" is ${long.label.length} characters; WhatsApp allows ${ROW_TITLE_LIMIT} in a list, ${BUTTON_TITLE_LIMIT} on a button`;
	const payload = buttons.find((b) => b.payload.length > ROW_ID_LIMIT);
	if (payload) return `The payload of button "${payload.label}" is ${payload.payload.length} characters; WhatsApp allows ${ROW_ID_LIMIT}`;
	const sourceless = message.attachments.find((a) => !a.fileId && !a.url);
	if (sourceless) return `An attachment (${sourceless.name ?? sourceless.type}) has neither a url nor a fileId`;
	return undefined;
}

function payloadsOf(message: OutboundMessage, to: string): Payload[] {
	const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to };
	const media = message.attachments.map((a) => {
		const source = a.fileId ? { id: a.fileId } : { link: a.url };
		return a.type === 'image'
			? { ...base, type: 'image', image: source }
			: { ...base, type: 'document', document: { ...source, ...(a.name ? { filename: a.name } : {}) } };
	});
	const texts = message.text ? splitText(message.text, TEXT_LIMIT) : [];
	// The interactive message's body holds 1024 characters: the text before it goes as plain text.
	const last = message.buttons.length ? splitText(texts.pop() as string, INTERACTIVE_BODY_LIMIT) : [];
	const closing = last.pop();
	const plain = [...texts, ...last].map((body) => ({ ...base, type: 'text', text: { body, preview_url: false } }));
	const interactive = closing === undefined ? [] : [{ ...base, type: 'interactive', interactive: interactiveOf(message, closing) }];
	const payloads: Payload[] = [...media, ...plain, ...interactive];
	// Quoting the customer's message needs its wamid; other ids (a store id, say) are not sent.
	if (message.inReplyTo?.startsWith('wamid.')) payloads[0] = { ...payloads[0], context: { message_id: message.inReplyTo } };
	return payloads;
}

/** Up to three short choices fit reply buttons; more, or longer labels, need a list. */
function interactiveOf(message: OutboundMessage, body: string): Payload {
	const { buttons } = message;
	if (buttons.length <= MAX_REPLY_BUTTONS && buttons.every((b) => b.label.length <= BUTTON_TITLE_LIMIT)) {
		return {
			type: 'button',
			body: { text: body },
			action: { buttons: buttons.map((b) => ({ type: 'reply', reply: { id: b.payload, title: b.label } })) },
		};
	}
	return {
		type: 'list',
		body: { text: body },
		action: { button: LIST_BUTTON_LABEL, sections: [{ rows: buttons.map((b) => ({ id: b.payload, title: b.label })) }] },
	};
}

async function attempt(client: GraphClient, phoneNumberId: string, payload: Payload): Promise<AttemptOutcome> {
	try {
		const answer = await client.post<WhatsAppSendAnswer>(`${phoneNumberId}/messages`, payload);
		return { ok: true, externalIds: answer.messages.map((m) => m.id) };
	} catch (error) {
		return classifyGraphError(error, WHATSAPP_CODES);
	}
}
