import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Router } from '../../../shared/routing';
import { groupIdsOf, showFor } from '../../helpers/params';
import { toJson, type Emitted } from '../../../node-kit/runner';
import { groupFields, groupInput } from './fields';

const show = showFor('skillGroup', ['update']);

/** The operator or group is the result: the input item is not carried on. */
export const keepInput = false;

export const description: INodeProperties[] = [
	{
		displayName: 'Skill Group',
		name: 'group',
		type: 'string',
		default: '',
		required: true,
		description: 'Name or ID of the group to change',
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
		options: [{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'The group’s new name' } as INodeProperties, ...groupFields].sort((a, b) =>
			a.displayName.localeCompare(b.displayName),
		),
	},
];

export async function execute(this: IExecuteFunctions, router: Router, i: number): Promise<Emitted[]> {
	const [id] = await groupIdsOf(router, [String(this.getNodeParameter('group', i)).trim()]);
	const input = await groupInput(router, this.getNodeParameter('updateFields', i, {}) as Record<string, unknown>);
	return [{ json: toJson(await router.groups.update(id, input)) }];
}
