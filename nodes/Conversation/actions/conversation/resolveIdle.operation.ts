import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_IDLE, resolveIdle } from '../../../shared/lifecycle';
import type { Store } from '../../../shared/store';
import type { Emitted } from '../../../node-kit/runner';

/** Idle conversations come from the store, not from the input: once per run of the schedule. */
export const runs = 'execution';

const show = { show: { operation: ['resolveIdle'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Bot Conversations Idle (Minutes)',
		name: 'botIdleMinutes',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_IDLE.botIdleMinutes,
		description: 'A conversation only the bot took part in is resolved after the customer has been quiet this long',
		displayOptions: show,
	},
	{
		displayName: 'Free Operator Slot After Answer (Minutes)',
		name: 'freeSlotMinutes',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: DEFAULT_IDLE.freeSlotMinutes,
		description:
			'A conversation an operator answered stops counting against the operator’s capacity when the customer has not written back for this long, so that the next customer in the queue gets the slot; it stays with the operator and takes the slot back when the customer writes. 0 keeps the slot until the conversation is resolved.',
		displayOptions: show,
	},
	{
		displayName: 'Customer Silent After Answer (Hours)',
		name: 'customerSilentHours',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_IDLE.customerSilentHours,
		description: 'A conversation an operator answered is resolved, and the operator’s slot freed, when the customer has not written back for this long',
		displayOptions: show,
	},
	{
		displayName: 'Reopen Window (Hours)',
		name: 'reopenHours',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: DEFAULT_IDLE.reopenHours,
		description:
			'A customer who writes this soon after their conversation was resolved continues it; later, they start a new conversation (the old one stays in the desk’s history)',
		displayOptions: show,
	},
];

/** One item per conversation resolved now, for a rating request or a report. */
export async function execute(this: IExecuteFunctions, store: Store): Promise<Emitted[]> {
	const { resolved } = await resolveIdle(store, {
		botIdleMinutes: this.getNodeParameter('botIdleMinutes', 0) as number,
		freeSlotMinutes: this.getNodeParameter('freeSlotMinutes', 0, DEFAULT_IDLE.freeSlotMinutes) as number,
		customerSilentHours: this.getNodeParameter('customerSilentHours', 0) as number,
		reopenHours: this.getNodeParameter('reopenHours', 0) as number,
	});
	return resolved.map((r) => ({ json: { resolved: r } as unknown as IDataObject }));
}
