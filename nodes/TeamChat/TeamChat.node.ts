import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { routeEachItem } from '../node-kit/operations';
import { getStore, STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';
import * as handle from './actions/handle.operation';
import * as link from './actions/link.operation';
import * as post from './actions/post.operation';
import { TEAM_BOT_CREDENTIAL, teamChatIdField } from './actions/teamGroup';

const OUTPUT = { done: 0, reply: 1 } as const;

export class TeamChat implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Telegram Team Chat',
		name: 'teamChat',
		icon: { light: 'file:teamChat.svg', dark: 'file:teamChat.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description:
			'Lets a small team answer customers from a Telegram forum group: one topic per conversation with the customer card first, operators’ messages go back to the customer as desk replies',
		defaults: { name: 'Telegram Team Chat' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Done', 'Reply to Customer'],
		credentials: [{ name: TEAM_BOT_CREDENTIAL, required: true, displayName: 'Team Bot' }, STORE_CREDENTIAL_REF],
		properties: [
			{
				displayName:
					'Use a bot of its own for the team (not the customers’ bot): add it to the forum group as an administrator allowed to manage topics, and start a Telegram Channel Trigger on it for Handle Team Message.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Handle Team Message',
						value: 'handleTeamMessage',
						action: 'Handle a message an operator wrote in a topic',
						description:
							'Text goes out of "Reply to Customer" for a Reply to Customer node (as the operator); /close, /transfer, /note and /tag run here',
					},
					{
						name: 'Link Operator',
						value: 'linkOperator',
						action: 'Link an operator to their Telegram account',
						description: 'Only group members linked to an operator may answer customers',
					},
					{
						name: 'Post to Team Topic',
						value: 'postToTeamTopic',
						action: 'Post a conversation to its team topic',
						description: 'Opens the conversation’s topic with the customer card, or relays the customer’s new messages into it',
					},
				],
				default: 'postToTeamTopic',
			},
			teamChatIdField,
			...post.description,
			...handle.description,
			...link.description,
		],
	};

	methods = { credentialTest: storeCredentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const store = await getStore(this);
		const operation = this.getNodeParameter('operation', 0) as string;
		return routeEachItem(
			this,
			async (i) => {
				if (operation !== 'handleTeamMessage') {
					return { output: OUTPUT.done, json: await (operation === 'linkOperator' ? link.execute : post.execute).call(this, store, i) };
				}
				const handled = await handle.execute.call(this, store, i);
				return { output: handled.reply ? OUTPUT.reply : OUTPUT.done, json: handled.json };
			},
			{ outputs: 2, failedOutput: OUTPUT.done },
		);
	}
}
