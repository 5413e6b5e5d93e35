import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';
import * as handleTeamMessage from './actions/teamChat/handleTeamMessage.operation';
import * as linkOperator from './actions/teamChat/linkOperator.operation';
import * as postToTeamTopic from './actions/teamChat/postToTeamTopic.operation';
import { TEAM_BOT_CREDENTIAL, teamChatIdField } from './actions/teamChat/teamGroup';
import { router } from './actions/router';

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
			...postToTeamTopic.description,
			...handleTeamMessage.description,
			...linkOperator.description,
		],
	};

	methods = { credentialTest: storeCredentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
