import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { parseInbound, type InboundMessage } from '../shared/envelope';
import {
	correctCard,
	createLinkCode,
	loadCard,
	lookUpCard,
	mergeCustomers,
	redeemLinkCode,
	type CardCorrection,
	type LookupSubject,
} from '../shared/customers';
import type { Db } from '../shared/store';
import { eachItem, routeEachItem, type Routed } from '../node-kit/operations';
import { getStore, STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';
import { crmSourceOf } from './crmSource';
import { CUSTOMER_ID, PROPERTIES } from './properties';

/** A lookup subject whose message is whole, as Link Chats by Code also reads its text. */
type ItemSubject = Exclude<LookupSubject, { by: 'message' }> | { by: 'message'; message: InboundMessage };

/** Whom "Look Up Card" looks for: the item's message sender, its customer, or a typed value. */
function subjectOf(ctx: IExecuteFunctions, i: number, json: IDataObject): ItemSubject {
	const findBy = ctx.getNodeParameter('findBy', i) as string;
	if (findBy === 'item') {
		if (json.message) return { by: 'message', message: parseInbound(json.message) };
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

function correctionOf(ctx: IExecuteFunctions, i: number): CardCorrection {
	const card = ctx.getNodeParameter('card', i, {}) as CardCorrection;
	const fields = ctx.getNodeParameter('customFields.field', i, []) as Array<{ key: string; value: string }>;
	return { ...card, ...(fields.length ? { fields: Object.fromEntries(fields.filter((f) => f.key).map((f) => [f.key, f.value])) } : {}) };
}

/** One item's operation; the result is merged onto the item's JSON. */
async function run(ctx: IExecuteFunctions, db: Db, operation: string, i: number, json: IDataObject): Promise<IDataObject> {
	switch (operation) {
		case 'lookUp':
			return cardFor(ctx, db, i, subjectOf(ctx, i, json));
		case 'updateCard': {
			const id = await correctCard(db, CUSTOMER_ID.id(ctx, i), correctionOf(ctx, i));
			return { customerCard: await loadCard(db, id) };
		}
		case 'merge': {
			const id = await mergeCustomers(db, ctx.getNodeParameter('keepId', i) as number, ctx.getNodeParameter('mergeId', i) as number);
			return { customerCard: await loadCard(db, id) };
		}
		default: {
			const customerId = CUSTOMER_ID.id(ctx, i);
			const linkCode = await createLinkCode(db, customerId, { ttlMinutes: ctx.getNodeParameter('ttlMinutes', i) as number });
			return { linkCode, customerCard: await loadCard(db, customerId) };
		}
	}
}

async function cardFor(ctx: IExecuteFunctions, db: Db, i: number, subject: LookupSubject): Promise<IDataObject> {
	const { card, mergedIds } = await lookUpCard(db, subject, await crmSourceOf(ctx, i));
	return { customerCard: card, mergedCustomerIds: mergedIds };
}

/**
 * Look Up Card with Link Chats by Code: a message that redeems a code leaves by the second output
 * with the card it joined; any other message is looked up and leaves by the first, with why it
 * was no code (`linked.reason`).
 */
async function lookUpOrLink(ctx: IExecuteFunctions, db: Db, i: number, json: IDataObject): Promise<Routed> {
	const subject = subjectOf(ctx, i, json);
	if (subject.by !== 'message') return { output: 0, json: await cardFor(ctx, db, i, subject) };
	const { message } = subject;
	const linked = await redeemLinkCode(db, message.text, message, new Date(), {
		codeWords: (ctx.getNodeParameter('codeWords', i) as string).split(','),
		maxFailures: ctx.getNodeParameter('maxFailures', i) as number,
		failureWindowMinutes: ctx.getNodeParameter('failureWindowMinutes', i) as number,
	});
	if (linked.linked) return { output: 1, json: { linked, customerCard: await loadCard(db, linked.customerId) } };
	return { output: 0, json: { linked, ...(await cardFor(ctx, db, i, subject)) } };
}

export class CustomerLookup implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Customer Lookup',
		name: 'customerLookup',
		icon: { light: 'file:customerLookup.svg', dark: 'file:customerLookup.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description:
			'Finds the customer behind a message on any channel and outputs their card: contacts, VIP tier, fields, identities, open conversations, enriched from a CRM',
		defaults: { name: 'Customer Lookup' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		// Fixed, not chosen by an expression: n8n evaluates an outputs expression on every run of a
		// node with an error output, and each evaluation costs an isolate. Only Look Up Card with
		// Link Chats by Code sends items to the second output (a redeemed code).
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Customer', 'Chats Linked'],
		credentials: [
			STORE_CREDENTIAL_REF,
			{ name: 'contactCenterHttpCrmApi', required: true, displayOptions: { show: { operation: ['lookUp'], useCrm: [true] } } },
		],
		properties: PROPERTIES,
	};

	methods = { credentialTest: storeCredentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const store = await getStore(this);
		const operation = this.getNodeParameter('operation', 0) as string;
		if (operation === 'lookUp' && this.getNodeParameter('linkByCode', 0, false)) {
			return routeEachItem(this, async (i, item) => lookUpOrLink(this, store.db, i, item.json), { outputs: 2 });
		}
		return eachItem(this, async (i, item) => run(this, store.db, operation, i, item.json));
	}
}
