import type { INodeProperties } from 'n8n-workflow';

import { policyField } from '../helpers/policy';
import { OPERATIONS } from './router';

const operationSelect = (resource: string, options: INodeProperties['options'], fallback: string): INodeProperties => ({
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: [resource] } },
	options,
	default: fallback,
});

/**
 * Route Conversation leaves by Assigned / Queued / No Group, and by Already Handled for a message
 * in a conversation people have already (nothing to announce); every other operation by one output.
 */
export const OUTPUTS =
	"={{ $parameter.resource === 'conversation' && $parameter.operation === 'route' ? [{ type: 'main', displayName: 'Assigned' }, { type: 'main', displayName: 'Queued' }, { type: 'main', displayName: 'No Group' }, { type: 'main', displayName: 'Already Handled' }, { type: 'main', displayName: 'Queued, Nobody Online' }] : [{ type: 'main' }] }}";

/** The node's parameters: resource, operation, each operation's fields, the queue policy. */
export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Conversation', value: 'conversation' },
			{ name: 'Operator', value: 'operator' },
			{ name: 'Skill Group', value: 'skillGroup' },
		],
		default: 'conversation',
	},
	operationSelect(
		'conversation',
		[
			{ name: 'Escalate', value: 'escalate', action: 'Escalate a conversation', description: 'Move it to a line, a skill group or an operator' },
			{ name: 'Escalate Overdue', value: 'escalateOverdue', action: 'Escalate overdue conversations', description: 'For a schedule: conversations past their SLA move up a line or are flagged to a supervisor' },
			{ name: 'Get Queue Position', value: 'queuePosition', action: 'Get a conversation s queue position', description: 'Place and expected wait, and whether the customer should be told again' },
			{ name: 'Release', value: 'release', action: 'Release a conversation', description: 'It was closed or handed off: free the operator’s slot and pull the next waiting one' },
			{ name: 'Route', value: 'route', action: 'Route a conversation', description: 'Pick a skill group and an operator with free capacity, or queue it' },
		],
		'route',
	),
	operationSelect(
		'operator',
		[
			{ name: 'Create', value: 'create', action: 'Create an operator' },
			{ name: 'List', value: 'list', action: 'List operators' },
			{ name: 'Set Status', value: 'setStatus', action: 'Set an operator s status', description: 'Online, away or offline' },
			{
				name: 'Take Absent Offline',
				value: 'takeAbsentOffline',
				action: 'Take absent operators offline',
				description:
					'For a schedule: operators signed in to the desk with no desk page open (for the desk trigger’s Offline After Desk Closed minutes) go offline, their unanswered customers to others, until a page of theirs calls again',
			},
			{ name: 'Update', value: 'update', action: 'Update an operator' },
		],
		'setStatus',
	),
	operationSelect(
		'skillGroup',
		[
			{ name: 'Create', value: 'create', action: 'Create a skill group' },
			{ name: 'List', value: 'list', action: 'List skill groups' },
			{ name: 'Update', value: 'update', action: 'Update a skill group' },
		],
		'list',
	),
	...Object.values(OPERATIONS).flatMap((ops) => Object.values(ops).flatMap((op) => op.description)),
	policyField,
];
