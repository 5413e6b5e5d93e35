import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { correctCard, loadCard, type CardCorrection } from '../../../shared/customers';
import type { Db } from '../../../shared/store';
import type { Emitted } from '../../../node-kit/runner';
import { CUSTOMER_ID, showFor } from './fields';

const show = showFor('updateCard');

export const description: INodeProperties[] = [
	{ ...CUSTOMER_ID.property, displayOptions: show },
	{
		displayName: 'Card',
		name: 'card',
		type: 'collection',
		default: {},
		placeholder: 'Add Field',
		description: 'Only the fields added here change. An empty value clears the field and keeps it cleared.',
		displayOptions: show,
		options: [
			{ displayName: 'E-Mail', name: 'email', type: 'string', placeholder: 'name@email.com', default: '', description: 'Once set here, Notify Customers and the CRM lookup may use it to find the customer' },
			{ displayName: 'Language', name: 'language', type: 'string', default: '', description: 'A language code like en or pt-BR; Notify Customers writes to the customer in it' },
			{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'The customer’s name as operators see it' },
			{ displayName: 'Phone', name: 'phone', type: 'string', default: '', description: 'Once set here, Notify Customers and the CRM lookup may use it to find the customer' },
			{ displayName: 'VIP Tier', name: 'vipTier', type: 'number', typeOptions: { minValue: 0 }, default: 0, description: '0 for none; Prioritizer rules and the VIP badge in the Operator Desk read it' },
		],
	},
	{
		displayName: 'Custom Fields',
		name: 'customFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Custom Field',
		description: 'Other card fields, by key; only the keys added here change, and neither a channel nor the CRM fills them again',
		displayOptions: show,
		options: [
			{
				name: 'field',
				displayName: 'Field',
				values: [
					{ displayName: 'Key', name: 'key', type: 'string', default: '', description: 'The field’s name on the card, like order' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '', description: 'Empty clears the field' },
				],
			},
		],
	},
];

function correctionOf(ctx: IExecuteFunctions, i: number): CardCorrection {
	const card = ctx.getNodeParameter('card', i, {}) as CardCorrection;
	const fields = ctx.getNodeParameter('customFields.field', i, []) as Array<{ key: string; value: string }>;
	return { ...card, ...(fields.length ? { fields: Object.fromEntries(fields.filter((f) => f.key).map((f) => [f.key, f.value])) } : {}) };
}

/** An operator's correction of the card; automatic fills never overwrite it. */
export async function execute(this: IExecuteFunctions, db: Db, i: number): Promise<Emitted> {
	const id = await correctCard(db, CUSTOMER_ID.id(this, i), correctionOf(this, i));
	return { json: { customerCard: await loadCard(db, id) } };
}
