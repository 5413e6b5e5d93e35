import { parseInbound, type InboundMessageInput } from '../../../nodes/shared/envelope';

/** Anna's order thread in a support mailbox, as the e-mail trigger hands its mails on. */
export const ORDER_THREAD = '<order-1234@example.net>';

/** A mail in Anna's order thread to `account`; `fields` changes what a test needs (sender, text, automatic). */
export const mailTo = (account: string, externalId: string, fields: Partial<InboundMessageInput> = {}) =>
	parseInbound({
		channel: 'email',
		account,
		externalId,
		conversationKey: ORDER_THREAD,
		sender: { id: 'anna@example.net', email: 'anna@example.net' },
		text: 'Where is order 1234?',
		receivedAt: new Date().toISOString(),
		raw: {},
		...fields,
	});
