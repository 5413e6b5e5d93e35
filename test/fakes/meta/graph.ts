import type { GraphErrorBody } from '../../../nodes/shared/channels/meta/graph';
import type { Account, Customer, FakeMetaState } from './state';

/** An answer as Graph gives it. */
export interface Reply {
	status: number;
	body: unknown;
}

const DAY = 24 * 3600_000;

export function graphError(status: number, code: number, message: string, extra: Partial<GraphErrorBody> = {}): Reply {
	return {
		status,
		body: { error: { message, type: 'OAuthException', code, ...extra, fbtrace_id: `A${Math.random().toString(36).slice(2, 12)}` } },
	};
}

const badToken = () => graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token');
const expiredToken = () =>
	graphError(401, 190, 'Error validating access token: Session has expired on Friday, 01-Jan-2021 00:00:00 PST.', { error_subcode: 463 });
const noObject = (id: string) =>
	graphError(400, 100, `Unsupported post request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, { type: 'GraphMethodException', error_subcode: 33 });
const invalidParam = (message: string) => graphError(400, 100, `(#100) ${message}`);

/** The text a Graph API send carried: WhatsApp text or interactive body, Messenger/Instagram message. */
export function graphText(body: Record<string, unknown>): string {
	const b = body as { text?: { body?: string }; interactive?: { body?: { text?: string } }; message?: { text?: string } };
	return b.text?.body ?? b.interactive?.body?.text ?? b.message?.text ?? '';
}

export interface GraphCall {
	method: string;
	/** Path after the version segment, e.g. `123/messages` or `me`. */
	path: string;
	token: string | undefined;
	body: Record<string, unknown>;
}

/**
 * Routes one Graph call like Graph does for the objects the fake knows: the phone number
 * (WhatsApp), the page (Messenger) and the page linked to the Instagram account.
 */
export function route(state: FakeMetaState, call: GraphCall): { account?: Account; reply: Reply } {
	const account = state.accountByToken(call.token);
	if (!account) return { reply: badToken() };
	if (account.tokenExpired) return { account, reply: expiredToken() };
	const [object, edge, ...rest] = call.path.split('/');
	const target = object === 'me' && account.platform !== 'whatsapp' ? account.id : object;
	if (target !== account.id || rest.length) return { account, reply: noObject(object) };
	if (call.method === 'GET' && edge === undefined) return { account, reply: { status: 200, body: profile(state, account) } };
	if (call.method === 'POST' && edge === 'messages') {
		return { account, reply: account.platform === 'whatsapp' ? sendWhatsApp(state, account, call.body) : sendMessaging(state, account, call.body) };
	}
	return { account, reply: noObject(object) };
}

function profile(state: FakeMetaState, account: Account): unknown {
	if (account.platform !== 'whatsapp') return { name: account.name, id: account.id, ...(account.platform === 'instagram' ? { instagram_business_account: { id: state.igAccountId } } : {}) };
	return {
		verified_name: account.name,
		code_verification_status: 'VERIFIED',
		display_phone_number: '+1 555-010-0000',
		quality_rating: 'GREEN',
		platform_type: 'CLOUD_API',
		throughput: { level: 'STANDARD' },
		id: account.id,
	};
}

/** WhatsApp Cloud API: POST /{phone-number-id}/messages. */
function sendWhatsApp(state: FakeMetaState, account: Account, body: Record<string, unknown>): Reply {
	if (body.messaging_product !== 'whatsapp') return invalidParam('The parameter messaging_product is required.');
	const to = String(body.to ?? '');
	if (!to) return invalidParam('The parameter to is required.');
	if (state.throttled > 0) {
		state.throttled--;
		return graphError(400, 130429, '(#130429) Rate limit hit', { error_data: { messaging_product: 'whatsapp', details: 'Cloud API message throughput has been reached.' } });
	}
	const customer = state.customer('whatsapp', to);
	if (customer.undeliverable) {
		return graphError(400, 131026, '(#131026) Message Undeliverable', { error_data: { messaging_product: 'whatsapp', details: 'Message Undeliverable.' } });
	}
	const now = Date.now();
	const recent = customer.sent.filter((s) => now - s.at < state.pairRate.windowMs).length;
	if (recent >= state.pairRate.burst) {
		return graphError(400, 131056, '(#131056) (Business Account, Consumer Account) pair rate limit hit', {
			error_data: { messaging_product: 'whatsapp', details: 'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.' },
		});
	}
	const invalid = whatsAppContentError(state, body);
	if (invalid) return invalid;
	if (body.type !== 'template' && !(customer.lastInboundAt && now - customer.lastInboundAt <= DAY)) {
		return graphError(400, 131047, '(#131047) Re-engagement message', {
			error_data: { messaging_product: 'whatsapp', details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' },
		});
	}
	const id = `wamid.HBgL${to}FQIAERgS${state.nextId().toString(16).toUpperCase().padStart(16, '0')}AA==`;
	customer.sent.push({ id, body, at: now });
	return { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to }], messages: [{ id }] } };
}

function whatsAppContentError(state: FakeMetaState, body: Record<string, unknown>): Reply | undefined {
	const content = body[String(body.type)] as Record<string, any> | undefined;
	if (!content) return invalidParam(`The parameter ${String(body.type)} is required.`);
	switch (body.type) {
		case 'text': {
			const text = String(content.body ?? '');
			if (!text) return invalidParam("The parameter text['body'] is required.");
			return text.length > 4096 ? invalidParam("Param text['body'] must be at most 4096 characters long.") : undefined;
		}
		case 'image':
		case 'document':
			return content.link || content.id ? undefined : invalidParam(`Param ${String(body.type)} must contain either link or id.`);
		case 'interactive':
			return interactiveError(content);
		case 'template': {
			const language = content.language?.code;
			if (state.templates.has(`${content.name}:${language}`)) return undefined;
			return graphError(404, 132001, '(#132001) Template name does not exist in the translation', {
				error_data: { messaging_product: 'whatsapp', details: `template name (${content.name}) does not exist in ${language}` },
			});
		}
		default:
			return invalidParam(`Param type must be one of {AUDIO, CONTACTS, DOCUMENT, IMAGE, INTERACTIVE, LOCATION, REACTION, STICKER, TEMPLATE, TEXT, VIDEO} - got "${String(body.type)}".`);
	}
}

function interactiveError(content: Record<string, any>): Reply | undefined {
	const text = String(content.body?.text ?? '');
	if (!text || text.length > 1024) return invalidParam("Param interactive['body']['text'] must be between 1 and 1024 characters long.");
	if (content.type === 'button') {
		const buttons = (content.action?.buttons ?? []) as Array<{ reply?: { id?: string; title?: string } }>;
		if (buttons.length < 1 || buttons.length > 3) return invalidParam("Param interactive['action']['buttons'] must have between 1 and 3 elements.");
		if (buttons.some((b) => !b.reply?.title || b.reply.title.length > 20)) return invalidParam('Button title length invalid. Min length: 1, Max length: 20');
		return undefined;
	}
	if (content.type === 'list') {
		const label = String(content.action?.button ?? '');
		if (!label || label.length > 20) return invalidParam("Param interactive['action']['button'] must be between 1 and 20 characters long.");
		const rows = ((content.action?.sections ?? []) as Array<{ rows?: Array<{ title?: string }> }>).flatMap((s) => s.rows ?? []);
		if (rows.length < 1 || rows.length > 10) return invalidParam('Total row count exceed max allowed count: 10');
		if (rows.some((r) => !r.title || r.title.length > 24)) return invalidParam('Row title length invalid. Min length: 1, Max length: 24');
		return undefined;
	}
	return invalidParam(`Param interactive['type'] must be one of {BUTTON, LIST, PRODUCT, PRODUCT_LIST, CTA_URL} - got "${String(content.type)}".`);
}

/** Messenger and Instagram: POST /me/messages or /{PAGE_ID}/messages. */
function sendMessaging(state: FakeMetaState, account: Account, body: Record<string, any>): Reply {
	const instagram = account.platform === 'instagram';
	if (state.throttled > 0) {
		state.throttled--;
		return graphError(400, 4, '(#4) Application request limit reached', { is_transient: true } as Partial<GraphErrorBody>);
	}
	const recipientId = String(body.recipient?.id ?? '');
	const customer: Customer | undefined = account.customers.get(recipientId);
	if (!customer) return graphError(400, 100, '(#100) No matching user found', { error_subcode: 2018001 });
	if (customer.unavailable) return graphError(400, 551, "(#551) This person isn't available right now.", { error_subcode: 1545041 });
	const type = body.messaging_type;
	if (!instagram && !type) return invalidParam('param messaging_type must be non-empty.');
	const message = body.message ?? {};
	const text = message.text === undefined ? undefined : String(message.text);
	if (text !== undefined) {
		const over = instagram ? Buffer.byteLength(text, 'utf8') > 1000 : text.length > 2000;
		if (over) return invalidParam(`Length of param message[text] must be less than or equal to ${instagram ? 1000 : 2000}`);
	} else if (!message.attachment) {
		return invalidParam('param message must be non-empty.');
	}
	const replies = (message.quick_replies ?? []) as Array<{ title?: string }>;
	if (replies.length > 13) return invalidParam('param message[quick_replies] must have at most 13 elements.');
	if (replies.some((r) => !r.title || r.title.length > 20)) return invalidParam('Title of quick reply must be 20 characters or less.');

	const humanAgent = type === 'MESSAGE_TAG' && body.tag === 'HUMAN_AGENT';
	const age = customer.lastInboundAt === undefined ? Infinity : Date.now() - customer.lastInboundAt;
	if (age > (humanAgent ? 7 * DAY : DAY)) {
		return graphError(400, 10, '(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview', {
			error_subcode: instagram ? 2534022 : 2018278,
		});
	}
	const n = state.nextId();
	const id = instagram ? `aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQx${n}` : `m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_${n}`;
	customer.sent.push({ id, body, at: Date.now() });
	return { status: 200, body: { recipient_id: recipientId, message_id: id } };
}
