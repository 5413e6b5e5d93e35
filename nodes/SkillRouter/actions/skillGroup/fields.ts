import type { INodeProperties } from 'n8n-workflow';

import type { Line, Router, SkillGroupInput, Strategy } from '../../../shared/routing';
import { groupIdsOf, listOf } from '../../helpers/params';

/** The editable fields of a skill group; Create shows them directly, Update inside "Update Fields". */
export const groupFields: INodeProperties[] = [
	{
		displayName: 'Topics',
		name: 'topics',
		type: 'string',
		default: '',
		placeholder: 'billing, refund',
		description: 'Comma-separated topics the group serves; empty serves every topic',
	},
	{
		displayName: 'Languages',
		name: 'languages',
		type: 'string',
		default: '',
		placeholder: 'en, de',
		description: 'Comma-separated language codes; empty serves every language',
	},
	{
		displayName: 'Channels',
		name: 'channels',
		type: 'string',
		default: '',
		placeholder: 'telegram, webchat',
		description: 'Comma-separated channels; empty serves every channel',
	},
	{
		displayName: 'Line',
		name: 'line',
		type: 'options',
		options: [
			{ name: 'Line 1', value: 1 },
			{ name: 'Line 2', value: 2 },
			{ name: 'Line 3', value: 3 },
		],
		default: 1,
		description: 'The group’s support line. An overdue conversation moves to a group of the next line; of two groups that fit a new conversation equally, the lower line gets it.',
	},
	{
		displayName: 'Strategy',
		name: 'strategy',
		type: 'options',
		options: [
			{ name: 'Least Loaded', value: 'leastLoaded', description: 'The operator holding the fewest conversations' },
			{ name: 'Longest Idle', value: 'longestIdle', description: 'The operator whose last new conversation is oldest' },
			{ name: 'Round Robin', value: 'roundRobin', description: 'Each operator of the group in turn' },
		],
		default: 'leastLoaded',
		description: 'Which of the group’s free operators gets the next conversation',
	},
	{
		displayName: 'SLA (Minutes)',
		name: 'slaMinutes',
		type: 'number',
		default: 0,
		description: 'Minutes a conversation may wait before it escalates; 0 means no timer',
	},
	{
		displayName: 'Escalation Group',
		name: 'escalationGroup',
		type: 'string',
		default: '',
		description: 'Name of the group overdue conversations go to; empty means a group of the next line serving the topic',
	},
];

/** A group patch from the given field values (only the keys present). */
export async function groupInput(router: Router, values: Record<string, unknown>): Promise<Partial<SkillGroupInput>> {
	const input: Partial<SkillGroupInput> = {};
	if (values.name !== undefined) input.name = String(values.name).trim();
	for (const key of ['topics', 'languages', 'channels'] as const) {
		if (values[key] !== undefined) input[key] = listOf(values[key]);
	}
	if (values.line !== undefined) input.line = Number(values.line) as Line;
	if (values.strategy !== undefined) input.strategy = values.strategy as Strategy;
	if (values.slaMinutes !== undefined) input.slaMinutes = Number(values.slaMinutes) > 0 ? Number(values.slaMinutes) : null;
	if (values.escalationGroup !== undefined) {
		const name = String(values.escalationGroup).trim();
		input.escalationGroupId = name ? (await groupIdsOf(router, [name]))[0] : null;
	}
	return input;
}
