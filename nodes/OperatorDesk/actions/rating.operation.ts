import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { recordRating } from '../../shared/desk';
import type { Store } from '../../shared/store';

const show = { operation: ['recordRating'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Customer ID',
		name: 'customerId',
		type: 'number',
		default: '={{ $json.customer.id }}',
		required: true,
		description: 'The customer who wrote; the Log Conversation step puts it on every item',
		displayOptions: { show },
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		default: '={{ $json.message.text }}',
		description: 'The customer’s message; "5", "4 thank you" or "3/5" answer a rating request',
		displayOptions: { show },
	},
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
export async function execute(this: IExecuteFunctions, store: Store, i: number): Promise<IDataObject> {
	const rating = await recordRating(
		store.db,
		this.getNodeParameter('customerId', i) as number,
		String(this.getNodeParameter('text', i) ?? ''),
		this.getNodeParameter('windowHours', i) as number,
	);
	return { rating: rating as unknown as IDataObject | null };
}
