import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { createLinkCode, loadCard } from '../../../shared/customers';
import type { Db } from '../../../shared/store';
import type { Emitted } from '../../../node-kit/runner';
import { CUSTOMER_ID, showFor } from './fields';

const show = showFor('createLinkCode');

export const description: INodeProperties[] = [
	{ ...CUSTOMER_ID.property, displayOptions: show },
	{
		displayName: 'Valid Minutes',
		name: 'ttlMinutes',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 15,
		description: 'How long the code can be used; after that it is refused',
		displayOptions: show,
	},
];

/** A code to send on this channel; Look Up Card with Link Chats by Code redeems it on another. */
export async function execute(this: IExecuteFunctions, db: Db, i: number): Promise<Emitted> {
	const customerId = CUSTOMER_ID.id(this, i);
	const linkCode = await createLinkCode(db, customerId, { ttlMinutes: this.getNodeParameter('ttlMinutes', i) as number });
	return { json: { linkCode, customerCard: await loadCard(db, customerId) } };
}
