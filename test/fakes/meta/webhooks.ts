import type { WhatsAppValue } from '../../../nodes/shared/channels/whatsapp/schema';
import type { FakeMetaState, Platform } from './state';

const seconds = () => String(Math.floor(Date.now() / 1000));

export interface WhatsAppCustomer {
	waId: string;
	name: string;
}

/** The body Meta posts for one change of a WhatsApp number (`phoneNumberId`): `value` holds its contacts, messages or statuses. */
export function whatsAppEnvelope(
	phoneNumberId: string,
	value: Record<string, unknown>,
): { object: string; entry: Array<{ id: string; changes: Array<{ field: string; value: WhatsAppValue }> }> } {
	return {
		object: 'whatsapp_business_account',
		entry: [
			{
				id: '102290129340398',
				changes: [
					{
						field: 'messages',
						value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550100000', phone_number_id: phoneNumberId }, ...value } as WhatsAppValue,
					},
				],
			},
		],
	};
}

/**
 * Builds the webhook bodies Meta sends when a customer acts, and records what they imply (the
 * customer wrote now, so the window is open) so that the fake's endpoints then behave like Meta.
 */
export function webhookBuilders(state: FakeMetaState) {
	let phone = 79_990_000_000;
	let scoped = 6_000_000_000_000_000;
	const wa = state.accounts.whatsapp;

	function whatsAppMessage(customer: WhatsAppCustomer, content: Record<string, unknown>) {
		state.customer('whatsapp', customer.waId).lastInboundAt = Date.now();
		const message = {
			from: customer.waId,
			id: `wamid.HBgL${customer.waId}FQIAEhgU${state.nextId().toString(16).toUpperCase().padStart(20, '0')}`,
			timestamp: seconds(),
			...content,
		};
		return whatsAppBody({ contacts: [{ profile: { name: customer.name }, wa_id: customer.waId }], messages: [message] });
	}

	const whatsAppBody = (value: Record<string, unknown>) => whatsAppEnvelope(wa.id, value);

	/** Messenger and Instagram share the messaging[] envelope; only the object and the ids differ. */
	function messagingBody(platform: Exclude<Platform, 'whatsapp'>, event: Record<string, unknown>) {
		const account = platform === 'instagram' ? state.igAccountId : state.accounts.messenger.id;
		return {
			object: platform === 'instagram' ? 'instagram' : 'page',
			entry: [{ id: account, time: Date.now(), messaging: [event] }],
		};
	}

	function messaging(platform: Exclude<Platform, 'whatsapp'>) {
		const account = () => (platform === 'instagram' ? state.igAccountId : state.accounts.messenger.id);
		const customerMessage = (userId: string, message: Record<string, unknown>) => {
			state.customer(platform, userId).lastInboundAt = Date.now();
			const mid = `m_${platform}_${state.nextId()}_${userId}`;
			return messagingBody(platform, { sender: { id: userId }, recipient: { id: account() }, timestamp: Date.now(), message: { mid, ...message } });
		};
		return {
			/** A page- (or Instagram-) scoped id, as each page sees its own id for one person. */
			customer: () => String(++scoped),
			text: (userId: string, text: string) => customerMessage(userId, { text }),
			quickReply: (userId: string, title: string, payload: string) => customerMessage(userId, { text: title, quick_reply: { payload } }),
			attachment: (userId: string, type: 'image' | 'video' | 'audio' | 'file', url: string) =>
				customerMessage(userId, { attachments: [{ type, payload: { url } }] }),
			postback: (userId: string, title: string, payload: string) => {
				state.customer(platform, userId).lastInboundAt = Date.now();
				const mid = `m_postback_${state.nextId()}`;
				return messagingBody(platform, { sender: { id: userId }, recipient: { id: account() }, timestamp: Date.now(), postback: { mid, title, payload } });
			},
			/** Meta echoes what the page sent: the page is the sender, the customer the recipient. */
			echo: (userId: string, text: string) =>
				messagingBody(platform, {
					sender: { id: account() },
					recipient: { id: userId },
					timestamp: Date.now(),
					message: { mid: `m_echo_${state.nextId()}`, is_echo: true, app_id: 1517776481860111, text },
				}),
			delivery: (userId: string, mids: string[]) =>
				messagingBody(platform, { sender: { id: userId }, recipient: { id: account() }, delivery: { mids, watermark: Date.now() } }),
			read: (userId: string, watermark: number) =>
				messagingBody(platform, { sender: { id: userId }, recipient: { id: account() }, timestamp: Date.now(), read: platform === 'instagram' ? { mid: `m_read_${watermark}` } : { watermark } }),
		};
	}

	return {
		whatsapp: {
			customer: (name = 'Anna Petrova'): WhatsAppCustomer => ({ waId: String(++phone), name }),
			text: (c: WhatsAppCustomer, body: string, opts: { replyTo?: string } = {}) =>
				whatsAppMessage(c, { type: 'text', text: { body }, ...(opts.replyTo ? { context: { from: '15550100000', id: opts.replyTo } } : {}) }),
			media: (c: WhatsAppCustomer, type: 'image' | 'document' | 'audio' | 'video', opts: { caption?: string; filename?: string; mimeType?: string } = {}) =>
				whatsAppMessage(c, {
					type,
					[type]: {
						id: String(1_000_000_000_000_000 + state.nextId()),
						mime_type: opts.mimeType ?? 'image/jpeg',
						sha256: 'Kb3hGz0pGLtJm0tWt3Lwh5cXpqZoq1Af0O8v3BwQZ8E=',
						...(opts.caption ? { caption: opts.caption } : {}),
						...(opts.filename ? { filename: opts.filename } : {}),
					},
				}),
			buttonReply: (c: WhatsAppCustomer, id: string, title: string, replyTo: string) =>
				whatsAppMessage(c, { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id, title } }, context: { from: '15550100000', id: replyTo } }),
			listReply: (c: WhatsAppCustomer, id: string, title: string) =>
				whatsAppMessage(c, { type: 'interactive', interactive: { type: 'list_reply', list_reply: { id, title, description: '' } } }),
			/** A quick-reply button of a template message. */
			templateButton: (c: WhatsAppCustomer, payload: string, text: string) => whatsAppMessage(c, { type: 'button', button: { payload, text } }),
			status: (wamid: string, recipient: string, status: 'sent' | 'delivered' | 'read' | 'failed', errors?: unknown[]) =>
				whatsAppBody({ statuses: [{ id: wamid, status, timestamp: seconds(), recipient_id: recipient, ...(errors ? { errors } : {}) }] }),
		},
		messenger: messaging('messenger'),
		instagram: messaging('instagram'),
	};
}

export type WebhookBuilders = ReturnType<typeof webhookBuilders>;
