import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperatorStatus, Router } from '../../../shared/routing';
import { itemField } from '../../../node-kit/itemFields';
import { refOf, showFor } from '../../helpers/params';
import { toJson, type Emitted } from '../../../node-kit/runner';
import { statusOptions } from './fields';

const show = showFor('operator', ['setStatus']);

const OPERATOR = itemField({
	displayName: 'Operator',
	name: 'operator',
	fromItem: ['operator.login', 'login'],
	description: 'Login or ID of the operator',
	displayOptions: show,
});

/** The operator or group is the result: the input item is not carried on. */
export const keepInput = false;

export const description: INodeProperties[] = [
	OPERATOR.property,
	{ displayName: 'Status', name: 'status', type: 'options', options: statusOptions, default: 'online', description: 'Going online offers waiting conversations at once; going offline returns the operator’s conversations to the queue', displayOptions: show },
];

export async function execute(this: IExecuteFunctions, router: Router, i: number): Promise<Emitted[]> {
	const status = this.getNodeParameter('status', i) as OperatorStatus;
	const changed = await router.setOperatorStatus(refOf(OPERATOR.read(this, i) ?? ''), status);
	return [{ json: toJson(changed) }];
}
