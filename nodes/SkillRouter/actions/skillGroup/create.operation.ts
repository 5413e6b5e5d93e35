import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Router } from '../../../shared/routing';
import { fieldValues, showFor } from '../../helpers/params';
import { toJson, type Emitted } from '../../../node-kit/runner';
import { groupFields, groupInput } from './fields';

const show = showFor('skillGroup', ['create']);

/** The operator or group is the result: the input item is not carried on. */
export const keepInput = false;

export const description: INodeProperties[] = [
	{ displayName: 'Name', name: 'name', type: 'string', default: '', required: true, placeholder: 'Billing', description: 'The group’s name, as operators, rules and escalations refer to it', displayOptions: show },
	...groupFields.map((field) => ({ ...field, displayOptions: show })),
];

export async function execute(this: IExecuteFunctions, router: Router, i: number): Promise<Emitted[]> {
	const values = fieldValues(this, i, ['name', ...groupFields.map((f) => f.name)]);
	const input = await groupInput(router, values);
	return [{ json: toJson(await router.groups.create({ ...input, name: input.name ?? '' })) }];
}
