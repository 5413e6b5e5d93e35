import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Store } from '../../../shared/store';
import type { Emitted } from '../../../node-kit/runner';
import { postToTeamTopic } from '../../../shared/teamChat';
import { CONVERSATION_ID, conversationIdOf } from '../../../node-kit/itemFields';
import { teamGroupOf } from './teamGroup';

const show = { operation: ['postToTeamTopic'] };

export const description: INodeProperties[] = [
	{
		...CONVERSATION_ID.describedAs('The handed-off conversation; its topic is opened with the customer card the first time'),
		displayOptions: { show },
	},
	{
		displayName: 'Notice',
		name: 'notice',
		type: 'string',
		default: '',
		placeholder: 'Not delivered to the customer: the customer blocked the bot',
		description: 'Optional text for the operators, posted in the topic after any new customer messages (never sent to the customer). Posted as written: map a failed reply’s reason into it with an expression.',
		displayOptions: { show },
	},
];

export async function execute(this: IExecuteFunctions, store: Store, i: number): Promise<Emitted> {
	const outcome = await postToTeamTopic(
		store,
		await teamGroupOf(this, i),
		conversationIdOf(this, i),
		this.getNodeParameter('notice', i, '') as string,
	);
	return { json: { teamChat: outcome } };
}
