import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { itemField } from '../../node-kit/itemFields';
import { outputsWhen, type Routed } from '../../node-kit/operations';
import { recordRating } from '../../shared/desk';
import type { Store } from '../../shared/store';

const show = { operation: ['recordRating'] };

const CUSTOMER_ID = itemField({ displayName: 'Customer ID', name: 'customerId', fromItem: ['customer.id'], description: 'The customer who wrote', displayOptions: { show } });
const TEXT = itemField({
	displayName: 'Text',
	name: 'text',
	fromItem: ['message.text'],
	description: 'The customer’s message; "5", "4 thank you" or "3/5" answer a rating request',
	displayOptions: { show },
});

/** Record Rating sorts messages: a rating goes out on the first output, anything else on the second. */
export const OUTPUTS = outputsWhen('recordRating', ['Rated', 'Other Messages']);

export const description: INodeProperties[] = [
	CUSTOMER_ID.property,
	TEXT.property,
	{
		displayName: 'Answer Window (Hours)',
		name: 'windowHours',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 24,
		description: 'A score counts as the answer to a rating request made at most this long ago',
		displayOptions: { show },
	},
];

/** Adds `rating` to the item: the stored rating when the message answered a request, else null (an ordinary message). */
export async function execute(this: IExecuteFunctions, store: Store, i: number): Promise<Routed> {
	const rating = await recordRating(store.db, CUSTOMER_ID.id(this, i), String(TEXT.read(this, i) ?? ''), this.getNodeParameter('windowHours', i) as number);
	return { output: rating ? 0 : 1, json: { rating: rating as unknown as IDataObject | null } };
}
