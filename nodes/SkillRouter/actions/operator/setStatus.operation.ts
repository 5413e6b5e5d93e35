import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperatorStatus, Router } from '../../../shared/routing';
import { refOf, showFor } from '../../helpers/params';
import { toJson, type Emitted } from '../../helpers/types';
import { statusOptions } from './fields';

const show = showFor('operator', ['setStatus']);

export const description: INodeProperties[] = [
	{
		displayName: 'Operator',
		name: 'operator',
		type: 'string',
		default: '={{ $json.operator?.login ?? $json.login }}',
		required: true,
		description: 'Login or ID of the operator',
		displayOptions: show,
	},
	{ displayName: 'Status', name: 'status', type: 'options', options: statusOptions, default: 'online', displayOptions: show },
];

export async function execute(this: IExecuteFunctions, router: Router, i: number): Promise<Emitted[]> {
	const status = this.getNodeParameter('status', i) as OperatorStatus;
	const changed = await router.setOperatorStatus(refOf(this.getNodeParameter('operator', i)), status);
	return [{ output: 0, json: toJson(changed) }];
}
