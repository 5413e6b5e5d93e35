import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { checkOrderServiceUrl, type OrderService, type PersonalCard } from '../../shared/bot';
import { crmAuthHeaders, type HttpCrmCredential } from '../../shared/customers';
import { CardSchema } from '../../shared/envelope/item';
import { readCredentials } from '../../node-kit/credentials';
import { itemField } from '../../node-kit/itemFields';

const show = { operation: ['answer'] };
const text = z.string().nullable().default(null);

/** The card as Customer Lookup puts it on the item, with what identifies the customer to an order service. */
const PersonalCardSchema = CardSchema.shape.customerCard.extend({
	crmId: text,
	phone: text,
	email: text,
	corrected: z.array(z.string()).default([]),
	identities: z.array(z.object({ verifiedPhone: text, verifiedEmail: text }).passthrough()).default([]),
});

export const CUSTOMER_CARD = itemField({
	displayName: 'Customer Card',
	name: 'customerCard',
	fromItem: ['customerCard'],
	description:
		'The customer’s card, for answers with their own data: {{customer.name}}, {{customer.fields.balance}}, and {{order.status}} from the card’s order_status field when its order is the one asked about. Put a Customer Lookup before the bot',
});

export const personalDataFields: INodeProperties[] = [
	{ ...CUSTOMER_CARD.property, displayOptions: { show } },
	{
		displayName: 'Order Service URL',
		name: 'orderServiceUrl',
		type: 'string',
		default: '',
		placeholder: 'https://shop.example.com/api/customers/{{crmId}}/orders/{{order}}',
		description:
			'Where answers with {{order.status}}, {{order.eta}}, … look the order up, with the order number the customer wrote as {{order}}. It must name the customer ({{crmId}}, {{customerId}}, or their verified {{phone}} or {{email}}) so that it answers for their own orders only; values are URL-encoded and the host is always the one written here. Empty: the card’s order fields.',
		displayOptions: { show },
	},
	{
		displayName: 'Order Record Path',
		name: 'orderRecordPath',
		type: 'string',
		default: '',
		placeholder: 'data',
		description: 'Where the order is in the service’s answer (a list gives its first element); empty: the answer itself',
		displayOptions: { show },
	},
	{
		displayName: 'Order Service Timeout (Ms)',
		name: 'orderServiceTimeout',
		type: 'number',
		typeOptions: { minValue: 100 },
		default: 3000,
		description: 'How long the bot waits for the order service; without its answer the customer is told and offered a person',
		displayOptions: { show },
	},
	{
		displayName: 'Authenticate With HTTP CRM Credential',
		name: 'orderServiceAuth',
		type: 'boolean',
		default: false,
		description: 'Whether the order service is called with the HTTP CRM credential’s token or key; it is sent only when the service is on the credential’s host',
		displayOptions: { show },
	},
];

/** The item's card, when a Customer Lookup put one there; an item without one gets answers without personal data. */
export function customerCardOf(ctx: IExecuteFunctions, i: number): PersonalCard | null {
	const raw = CUSTOMER_CARD.read(ctx, i);
	if (raw === undefined) return null;
	return PersonalCardSchema.parse(typeof raw === 'string' ? JSON.parse(raw) : raw) as PersonalCard;
}

/** The order service of the node's parameters, checked before any customer's value goes into it. */
export async function orderServiceOf(ctx: IExecuteFunctions): Promise<OrderService | null> {
	const url = (ctx.getNodeParameter('orderServiceUrl', 0, '') as string).trim();
	if (!url) return null;
	checkOrderServiceUrl(url);
	let headers: Record<string, string> = {};
	if (ctx.getNodeParameter('orderServiceAuth', 0, false)) {
		const credential = (await readCredentials(ctx, 'contactCenterHttpCrmApi')) as unknown as HttpCrmCredential;
		// A token travels only to the host it was issued for.
		if (new URL(credential.baseUrl).origin === new URL(url.replace(/\{\{[^}]*\}\}/g, 'x')).origin) headers = crmAuthHeaders(credential);
	}
	return {
		url,
		recordPath: ctx.getNodeParameter('orderRecordPath', 0, '') as string,
		timeoutMs: ctx.getNodeParameter('orderServiceTimeout', 0, 3000) as number,
		headers,
	};
}
