import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { priorityFrom, type Router } from '../../../shared/routing';
import { recordPipelineFailure } from '../../../shared/desk/notes';
import { itemField } from '../../../node-kit/itemFields';
import { getStore } from '../../../node-kit/store';
import { conversationIdField, conversationIdOf, showFor } from '../../helpers/params';
import { toJson, type Emitted } from '../../../node-kit/runner';

const show = showFor('conversation', ['route']);
const OUTPUT = { assigned: 0, queued: 1, noGroup: 2, following: 3, queuedNobodyOnline: 4 } as const;

/** What routing reads from the item: Topic Classifier's result, Prioritizer's, the card of Customer Lookup. */
const FROM_ITEM = {
	topic: itemField({ displayName: 'Topic', name: 'topic', fromItem: ['classification.topic'], description: 'Matched against the topics of the skill groups', displayOptions: show }),
	language: itemField({ displayName: 'Language', name: 'language', fromItem: ['classification.language', 'conversation.language'], displayOptions: show }),
	channel: itemField({ displayName: 'Channel', name: 'channel', fromItem: ['conversation.channel'], displayOptions: show }),
	priority: itemField({
		displayName: 'Priority',
		name: 'priority',
		fromItem: ['priority.level'],
		description: 'A number (higher is served first) or low, normal, high, urgent',
		displayOptions: show,
	}),
	deadline: itemField({
		displayName: 'SLA Deadline',
		name: 'deadline',
		fromItem: ['priority.firstResponseDue'],
		description: 'When the conversation escalates if still waiting; with none, the skill group’s SLA minutes',
		displayOptions: show,
	}),
	customerId: itemField({
		displayName: 'Customer ID',
		name: 'customerId',
		fromItem: ['customerCard.id', 'customer.id', 'conversation.customerId'],
		description:
			'Lets the operator who served this customer before take the conversation again. The card of Customer Lookup comes first: when it linked this channel to an earlier card, the logged customer is the card merged away',
		displayOptions: show,
	}),
};

/** Several conversations in one execution are routed side by side: assignment holds the store's locks. */
export const inTurnPer = 'conversation';

export const description: INodeProperties[] = [
	conversationIdField(['route']),
	...Object.values(FROM_ITEM).map((field) => field.property),
	{
		displayName: 'Record Failure',
		name: 'recordFailure',
		type: 'boolean',
		default: false,
		description:
			'Whether this node takes over messages another node failed on (connected to an error output): the failure is noted on the conversation for the operator, tagged pipeline-failure, and the conversation is routed to a person',
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

export async function execute(this: IExecuteFunctions, router: Router, i: number): Promise<Emitted[]> {
	const id = conversationIdOf(this, i);
	const { error } = this.getInputData()[i].json;
	if (this.getNodeParameter('recordFailure', i, false) && error) {
		// n8n runs this node once per error output it is connected to: the source is the node that failed.
		const node = this.getInputSourceData()?.previousNode ?? 'A step of the workflow';
		await recordPipelineFailure(await getStore(this), id, { node, reason: String(error) });
	}
	const fromItem = (name: keyof typeof FROM_ITEM) => FROM_ITEM[name].text(this, i);
	const customerId = fromItem('customerId');
	const result = await router.route(
		{ id },
		{
			topic: fromItem('topic'),
			language: fromItem('language'),
			channel: fromItem('channel'),
			priority: priorityFrom(fromItem('priority')),
			deadline: fromItem('deadline'),
			customerId: customerId === null ? null : Number(customerId),
			group: (this.getNodeParameter('group', i, '') as string).trim() || null,
		},
	);
	const routing =
		result.outcome === 'noGroup'
			? { outcome: result.outcome, conversationId: id }
			: result.outcome === 'following'
				? { outcome: result.outcome, conversationId: id, entry: result.entry }
			: {
					...result,
					conversationId: id,
					...(result.outcome === 'queued' ? { expectedWaitMinutes: Math.ceil(result.expectedWaitSeconds / 60) } : {}),
				};
	// With nobody of the group online the wait is anyone's guess: the customer is told so, not a figure.
	const output = result.outcome === 'queued' && result.operatorsOnline === 0 ? OUTPUT.queuedNobodyOnline : OUTPUT[result.outcome];
	return [{ output, json: { routing: toJson(routing) } }];
}
