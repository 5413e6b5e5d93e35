import type { INodeProperties } from 'n8n-workflow';

import type { OperatorInput, Router } from '../../../shared/routing';
import { groupIdsOf, listOf } from '../../helpers/params';

export const statusOptions = [
	{ name: 'Online', value: 'online', description: 'Takes new conversations' },
	{ name: 'Away', value: 'away', description: 'Keeps current conversations, takes no new ones' },
	{ name: 'Offline', value: 'offline', description: 'Current conversations go back to the queue for others' },
];

/** The editable fields of an operator; Create shows them directly, Update inside "Update Fields". */
export const operatorFields: INodeProperties[] = [
	{
		displayName: 'Skill Groups',
		name: 'skills',
		type: 'string',
		default: '',
		placeholder: 'Billing, Second line',
		description: 'Comma-separated names (or IDs) of the groups the operator serves',
	},
	{
		displayName: 'Languages',
		name: 'languages',
		type: 'string',
		default: '',
		placeholder: 'en, de',
		description: 'Comma-separated language codes; empty takes every language',
	},
	{
		displayName: 'Capacity',
		name: 'capacity',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 3,
		description: 'Conversations the operator holds at once',
	},
	{
		displayName: 'Role',
		name: 'role',
		type: 'options',
		options: [
			{ name: 'Operator', value: 'operator' },
			{ name: 'Supervisor', value: 'supervisor' },
		],
		default: 'operator',
		description: 'A supervisor also sees every group’s queue, the team and security alerts in the Operator Desk',
	},
	{ displayName: 'Status', name: 'status', type: 'options', options: statusOptions, default: 'offline', description: 'The operator’s availability for new conversations' },
];

/** An operator patch from the given field values (only the keys present). */
export async function operatorInput(router: Router, values: Record<string, unknown>): Promise<Partial<OperatorInput>> {
	const input: Partial<OperatorInput> = {};
	if (values.name !== undefined) input.name = String(values.name).trim();
	if (values.login !== undefined) input.login = String(values.login).trim();
	if (values.skills !== undefined) input.skills = await groupIdsOf(router, listOf(values.skills));
	if (values.languages !== undefined) input.languages = listOf(values.languages);
	if (values.capacity !== undefined) input.capacity = Number(values.capacity);
	if (values.role !== undefined) input.role = values.role as OperatorInput['role'];
	if (values.status !== undefined) input.status = values.status as OperatorInput['status'];
	return input;
}
