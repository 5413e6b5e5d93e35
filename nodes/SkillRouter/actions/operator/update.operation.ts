import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Router } from '../../../shared/routing';
import { refOf, showFor } from '../../helpers/params';
import { toJson, type Emitted } from '../../../node-kit/runner';
import { operatorFields, operatorInput } from './fields';

const show = showFor('operator', ['update']);

/** The operator or group is the result: the input item is not carried on. */
export const keepInput = false;

export const description: INodeProperties[] = [
	{
		displayName: 'Operator',
		name: 'operator',
		type: 'string',
		default: '',
		required: true,
		description: 'Login or ID of the operator to change',
		displayOptions: show,
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'The fields to change; those not added stay as they are',
		displayOptions: show,
		options: [
			{ displayName: 'Login', name: 'login', type: 'string', default: '', description: 'The name the operator signs in to the Operator Desk with' } as INodeProperties,
			{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'The operator’s name as the team sees it' } as INodeProperties,
			...operatorFields,
		].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
];

export async function execute(this: IExecuteFunctions, router: Router, i: number): Promise<Emitted[]> {
	const ref = refOf(this.getNodeParameter('operator', i));
	const found = await router.operators.get(ref);
	if (!found) throw new Error(`Operator ${ref} does not exist.`);
	const input = await operatorInput(router, this.getNodeParameter('updateFields', i, {}) as Record<string, unknown>);
	return [{ json: toJson(await router.operators.update(found.id, input)) }];
}
