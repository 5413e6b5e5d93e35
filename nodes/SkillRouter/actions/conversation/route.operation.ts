import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { priorityFrom, type Router } from '../../../shared/routing';
import { conversationIdField, conversationIdOf, showFor } from '../../helpers/params';
import { toJson, type Emitted } from '../../helpers/types';

const show = showFor('conversation', ['route']);
const OUTPUT = { assigned: 0, queued: 1, noGroup: 2 } as const;

export const description: INodeProperties[] = [
	conversationIdField(['route']),
	{
		displayName: 'Topic',
		name: 'topic',
		type: 'string',
		default: '={{ $json.classification?.topic }}',
		description: 'Matched against the topics of the skill groups',
		displayOptions: show,
	},
	{
		displayName: 'Language',
		name: 'language',
		type: 'string',
		default: '={{ $json.classification?.language ?? $json.conversation?.language }}',
		displayOptions: show,
	},
	{
		displayName: 'Channel',
		name: 'channel',
		type: 'string',
		default: '={{ $json.conversation?.channel }}',
		displayOptions: show,
	},
	{
		displayName: 'Priority',
		name: 'priority',
		type: 'string',
		default: '={{ $json.priority?.level }}',
		description: 'A number (higher is served first) or low, normal, high, urgent',
		displayOptions: show,
	},
	{
		displayName: 'SLA Deadline',
		name: 'deadline',
		type: 'string',
		default: '={{ $json.priority?.firstResponseDue }}',
		description: 'When the conversation escalates if still waiting; empty uses the skill group’s SLA minutes',
		displayOptions: show,
	},
	{
		displayName: 'Customer ID',
		name: 'customerId',
		type: 'string',
		default: '={{ $json.customerCard?.id ?? $json.customer?.id ?? $json.conversation?.customerId }}',
		description:
			'Lets the operator who served this customer before take the conversation again. The card of Customer Lookup comes first: when it linked this channel to an earlier card, the logged customer is the card merged away.',
		displayOptions: show,
	},
	{
		displayName: 'Skill Group',
		name: 'group',
		type: 'string',
		default: '',
		placeholder: 'Billing',
		description: 'Name of a skill group to use instead of the rules',
		displayOptions: show,
	},
];

const text = (value: unknown) => (value === undefined || value === null || String(value).trim() === '' ? null : String(value).trim());

export async function execute(this: IExecuteFunctions, router: Router, i: number): Promise<Emitted[]> {
	const id = conversationIdOf(this, i);
	const customerId = text(this.getNodeParameter('customerId', i, ''));
	const result = await router.route(
		{ id },
		{
			topic: text(this.getNodeParameter('topic', i, '')),
			language: text(this.getNodeParameter('language', i, '')),
			channel: text(this.getNodeParameter('channel', i, '')),
			priority: priorityFrom(text(this.getNodeParameter('priority', i, ''))),
			deadline: text(this.getNodeParameter('deadline', i, '')),
			customerId: customerId === null ? null : Number(customerId),
			group: text(this.getNodeParameter('group', i, '')),
		},
	);
	const routing =
		result.outcome === 'noGroup'
			? { outcome: result.outcome, conversationId: id }
			: {
					...result,
					conversationId: id,
					...(result.outcome === 'queued' ? { expectedWaitMinutes: Math.ceil(result.expectedWaitSeconds / 60) } : {}),
				};
	return [{ output: OUTPUT[result.outcome], json: { ...this.getInputData()[i].json, routing: toJson(routing) } }];
}
