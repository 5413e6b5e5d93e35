import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Router } from '../../../shared/routing';
import { fieldValues, showFor } from '../../helpers/params';
import { toJson, type Emitted } from '../../../node-kit/runner';
import { operatorFields, operatorInput } from './fields';

const show = showFor('operator', ['create']);

/** The operator or group is the result: the input item is not carried on. */
export const keepInput = false;

export const description: INodeProperties[] = [
	{ displayName: 'Name', name: 'name', type: 'string', default: '', required: true, placeholder: 'Anna Petrova', description: 'The operator’s name as the team sees it', displayOptions: show },
	{ displayName: 'Login', name: 'login', type: 'string', default: '', required: true, placeholder: 'anna', description: 'The name the operator signs in to the Operator Desk with; must be unique', displayOptions: show },
	...operatorFields.map((field) => ({ ...field, displayOptions: show })),
];

export async function execute(this: IExecuteFunctions, router: Router, i: number): Promise<Emitted[]> {
	const input = await operatorInput(router, fieldValues(this, i, ['name', 'login', ...operatorFields.map((f) => f.name)]));
	const { status, ...rest } = input;
	const created = await router.operators.create({ ...rest, name: input.name ?? '', login: input.login ?? '' });
	// Coming online goes through the router, so that waiting conversations are offered at once.
	const operator = status === 'online' ? (await router.setOperatorStatus(created.id, status)).operator : created;
	return [{ json: toJson(operator) }];
}
