import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { loadCard, mergeCustomers } from '../../../shared/customers';
import type { Db } from '../../../shared/store';
import type { Emitted } from '../../../node-kit/runner';
import { showFor } from './fields';

const show = showFor('merge');

export const description: INodeProperties[] = [
	{
		displayName: 'Keep Customer ID',
		name: 'keepId',
		type: 'number',
		default: 0,
		description: 'The card that stays; on conflicting values its own and its operator corrections win',
		displayOptions: show,
	},
	{
		displayName: 'Merge Customer ID',
		name: 'mergeId',
		type: 'number',
		default: 0,
		description: 'The card merged into the kept one; its id keeps pointing at the kept card',
		displayOptions: show,
	},
];

export async function execute(this: IExecuteFunctions, db: Db, i: number): Promise<Emitted> {
	const id = await mergeCustomers(db, this.getNodeParameter('keepId', i) as number, this.getNodeParameter('mergeId', i) as number);
	return { json: { customerCard: await loadCard(db, id) } };
}
