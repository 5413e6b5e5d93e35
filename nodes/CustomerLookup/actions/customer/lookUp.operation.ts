import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parseInbound, type InboundMessage } from '../../../shared/envelope';
import { loadCard, lookUpCard, redeemLinkCode, type LookupSubject } from '../../../shared/customers';
import { DEFAULT_REDEEM_POLICY } from '../../../shared/customers/linkCodes';
import type { Db } from '../../../shared/store';
import type { Emitted } from '../../../node-kit/runner';
import { CRM_FIELDS, crmSourceOf } from '../../helpers/crm';
import { showFor } from './fields';

const LINKING = { show: { operation: ['lookUp'], findBy: ['item'], linkByCode: [true] } };
/** A redeemed link code leaves by Chats Linked, every other item by Customer. */
const OUTPUT = { customer: 0, chatsLinked: 1 } as const;

/** Several customers in one execution are looked up side by side (merges lock the cards they touch). */
export const inTurnPer = 'conversation';

export const description: INodeProperties[] = [
	{
		displayName: 'Find By',
		name: 'findBy',
		type: 'options',
		options: [
			{ name: 'Item (Message or Customer)', value: 'item', description: 'The sender of the item’s message, or else the item’s customer' },
			{ name: 'Customer ID', value: 'id' },
			{ name: 'Phone', value: 'phone' },
			{ name: 'E-Mail', value: 'email' },
			{ name: 'CRM ID', value: 'crmId' },
		],
		default: 'item',
		description: 'Whose card to look up: the item’s sender or customer, or the value typed below',
		displayOptions: showFor('lookUp'),
	},
	{
		displayName: 'Value',
		name: 'findValue',
		type: 'string',
		default: '',
		description: 'The customer ID, phone, e-mail or CRM ID to look for. A phone or e-mail finds a card only if a channel confirmed it or an operator set it.',
		displayOptions: { show: { operation: ['lookUp'], findBy: ['id', 'phone', 'email', 'crmId'] } },
	},
	...CRM_FIELDS,
	{
		displayName: 'Link Chats by Code',
		name: 'linkByCode',
		type: 'boolean',
		default: false,
		description:
			'Whether a message that is a link code (made by Create Link Code on another channel) joins this channel to the card the code was issued for. Such a message leaves by the Chats Linked output.',
		displayOptions: { show: { operation: ['lookUp'], findBy: ['item'] } },
	},
	{
		displayName: 'Words Before the Code',
		name: 'codeWords',
		type: 'string',
		default: DEFAULT_REDEEM_POLICY.codeWords.join(', '),
		description:
			'Comma-separated; a message counts as a code only when it is the nine digits alone or after one of these, so an order number in a sentence is never taken for one',
		displayOptions: LINKING,
	},
	{
		displayName: 'Failed Attempts Allowed',
		name: 'maxFailures',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_REDEEM_POLICY.maxFailures,
		description: 'Wrong or expired codes one channel identity may type within the window; after them every code is refused until the window passes',
		displayOptions: LINKING,
	},
	{
		displayName: 'Failed Attempts per Address',
		name: 'maxFailuresPerAddress',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_REDEEM_POLICY.maxFailuresPerAddress,
		description:
			'Wrong or expired codes typed from one network address within the window, over all its web chats (a script opens a new chat per guess); after them every code from there is refused until the window passes',
		displayOptions: LINKING,
	},
	{
		displayName: 'Failed Attempts Window (Minutes)',
		name: 'failureWindowMinutes',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_REDEEM_POLICY.failureWindowMinutes,
		description: 'The failed attempts above are counted over this many minutes',
		displayOptions: LINKING,
	},
];

/** A lookup subject whose message is whole, as Link Chats by Code also reads its text. */
type ItemSubject = Exclude<LookupSubject, { by: 'message' }> | { by: 'message'; message: InboundMessage; loggedAs?: number };

/** Whom the lookup looks for: the item's message sender, its customer, or a typed value. */
function subjectOf(ctx: IExecuteFunctions, i: number): ItemSubject {
	const findBy = ctx.getNodeParameter('findBy', i) as string;
	if (findBy === 'item') {
		const { json } = ctx.getInputData()[i];
		// An item Log Conversation emitted carries the customer it logged the message under.
		const logged = typeof json.storedMessageId === 'number' ? (json.customer as IDataObject | undefined)?.id : undefined;
		if (json.message) return { by: 'message', message: parseInbound(json.message), ...(typeof logged === 'number' ? { loggedAs: logged } : {}) };
		const customerId = (json.customerCard as IDataObject | undefined)?.id ?? (json.customer as IDataObject | undefined)?.id;
		if (typeof customerId === 'number') return { by: 'id', customerId };
		throw new Error('The item has neither a message nor a customer to look up');
	}
	const value = String(ctx.getNodeParameter('findValue', i)).trim();
	if (findBy === 'id') return { by: 'id', customerId: Number(value) };
	if (findBy === 'phone') return { by: 'phone', phone: value };
	if (findBy === 'email') return { by: 'email', email: value };
	return { by: 'crmId', crmId: value };
}

async function cardFor(ctx: IExecuteFunctions, db: Db, i: number, subject: LookupSubject): Promise<IDataObject> {
	const { card, mergedIds } = await lookUpCard(db, subject, await crmSourceOf(ctx, i));
	return { customerCard: card, mergedCustomerIds: mergedIds };
}

/**
 * Finds the item's customer and puts the card on it. With Link Chats by Code, a message that
 * redeems a code leaves by Chats Linked with the card it joined; any other message is looked up
 * and leaves by Customer, with why it was no code (`linked.reason`).
 */
export async function execute(this: IExecuteFunctions, db: Db, i: number): Promise<Emitted> {
	const subject = subjectOf(this, i);
	if (subject.by !== 'message' || !this.getNodeParameter('linkByCode', i, false)) return { json: await cardFor(this, db, i, subject) };
	const { message } = subject;
	const linked = await redeemLinkCode(db, message.text, message, new Date(), {
		codeWords: (this.getNodeParameter('codeWords', i) as string).split(','),
		maxFailures: this.getNodeParameter('maxFailures', i) as number,
		maxFailuresPerAddress: this.getNodeParameter('maxFailuresPerAddress', i, DEFAULT_REDEEM_POLICY.maxFailuresPerAddress) as number,
		failureWindowMinutes: this.getNodeParameter('failureWindowMinutes', i) as number,
	});
	if (linked.linked) return { output: OUTPUT.chatsLinked, json: { linked, customerCard: await loadCard(db, linked.customerId) } };
	return { output: OUTPUT.customer, json: { linked, ...(await cardFor(this, db, i, subject)) } };
}
