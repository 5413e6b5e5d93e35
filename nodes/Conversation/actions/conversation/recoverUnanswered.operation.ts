import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Store } from '../../../shared/store';
import type { Emitted } from '../../../node-kit/runner';

/** Recovered messages come from the store, not from the input: once per run of the schedule. */
export const runs = 'execution';

const show = { show: { operation: ['recoverUnanswered'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Older Than (Seconds)',
		name: 'olderThanSeconds',
		type: 'number',
		default: 120,
		description: 'Leave deliveries younger than this alone: their run may still be under way. Also the wait before a message is tried again.',
		displayOptions: show,
	},
	{
		displayName: 'Look Back (Hours)',
		name: 'lookBackHours',
		type: 'number',
		default: 24,
		description: 'Older deliveries are not recovered: answering them now would surprise the customer',
		displayOptions: show,
	},
	{
		displayName: 'Attempts per Message',
		name: 'maxAttempts',
		type: 'number',
		default: 3,
		description: 'How many times one message is recovered before it is left for a person to look at',
		displayOptions: show,
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: show,
	},
];

export async function execute(this: IExecuteFunctions, store: Store): Promise<Emitted[]> {
	const messages = await store.deliveries.claimUnanswered({
		olderThanMs: (this.getNodeParameter('olderThanSeconds', 0) as number) * 1000,
		lookBackMs: (this.getNodeParameter('lookBackHours', 0) as number) * 3_600_000,
		maxAttempts: this.getNodeParameter('maxAttempts', 0) as number,
		limit: this.getNodeParameter('limit', 0) as number,
	});
	return messages.map((message) => ({ json: { message } as unknown as IDataObject }));
}
