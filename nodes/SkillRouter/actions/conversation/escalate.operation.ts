import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Line, ManualEscalation, Router } from '../../../shared/routing';
import { conversationIdField, conversationIdOf, refOf, showFor } from '../../helpers/params';
import { toJson, type Emitted } from '../../../node-kit/runner';

const show = showFor('conversation', ['escalate']);

export const description: INodeProperties[] = [
	conversationIdField(['escalate']),
	{
		displayName: 'Escalate To',
		name: 'target',
		type: 'options',
		options: [
			{ name: 'Next Line', value: 'nextLine', description: 'The group’s escalation target, or a group of the next line serving the topic' },
			{ name: 'Line', value: 'line' },
			{ name: 'Skill Group', value: 'group' },
			{ name: 'Operator', value: 'operator', description: 'Straight to an operator who is online with room' },
		],
		default: 'nextLine',
		description: 'Where the conversation goes; each escalation raises its priority',
		displayOptions: show,
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
		default: 2,
		description: 'The conversation goes to a group of this line that serves its topic, language and channel',
		displayOptions: { show: { ...show.show, target: ['line'] } },
	},
	{
		displayName: 'Skill Group',
		name: 'group',
		type: 'string',
		default: '',
		placeholder: 'Second line',
		description: 'Name of the skill group',
		displayOptions: { show: { ...show.show, target: ['group'] } },
	},
	{
		displayName: 'Operator',
		name: 'operator',
		type: 'string',
		default: '',
		placeholder: 'anna',
		description: 'Login or ID of the operator',
		displayOptions: { show: { ...show.show, target: ['operator'] } },
	},
	{
		displayName: 'Note',
		name: 'note',
		type: 'string',
		default: '',
		description: 'Why, for the next line',
		displayOptions: show,
	},
];

export async function execute(this: IExecuteFunctions, router: Router, i: number): Promise<Emitted[]> {
	const target = this.getNodeParameter('target', i) as string;
	const how: ManualEscalation = { note: (this.getNodeParameter('note', i, '') as string) || undefined };
	if (target === 'line') how.toLine = Number(this.getNodeParameter('line', i)) as Line;
	if (target === 'group') how.toGroup = this.getNodeParameter('group', i) as string;
	if (target === 'operator') how.toOperator = refOf(this.getNodeParameter('operator', i));
	const outcome = await router.escalate(conversationIdOf(this, i), how);
	return [{ json: { escalation: toJson(outcome) } }];
}
