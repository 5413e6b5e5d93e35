import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { outputsWhen } from '../node-kit/runner';
import { STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';
import * as addTags from './actions/conversation/addTags.operation';
import * as logInbound from './actions/conversation/logInbound.operation';
import * as recoverUnanswered from './actions/conversation/recoverUnanswered.operation';
import * as resolveIdle from './actions/conversation/resolveIdle.operation';
import { CONVERSATION_FIELD, router } from './actions/router';

export class Conversation implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Conversation',
		name: 'contactCenterConversation',
		icon: { light: 'file:conversation.svg', dark: 'file:conversation.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description:
			'Records customer messages in the contact center: finds or creates the customer by their channel identity, keeps the conversation, tags and closes it',
		defaults: { name: 'Conversation' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: outputsWhen('logInbound', 'takeRatings', ['Messages', 'Ratings']),
		// STORE_CREDENTIAL_REF spelled out, so that n8n's lint rules can see the store credential is tested.
		credentials: [{ ...STORE_CREDENTIAL_REF, name: 'contactCenterStoreApi', testedBy: 'storeConnection' }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Log Incoming Message',
						value: 'logInbound',
						action: 'Log an incoming message',
						description:
							'Identify or create the customer, open or continue their conversation, and store the message (a repeated delivery is stored once). Automatic mail (bounces, out-of-office replies, mailing lists) is stored on the conversation and goes no further, so nothing answers it.',
					},
					{ name: 'Add Tags', value: 'addTags', action: 'Add tags to a conversation' },
					{ name: 'Remove Tags', value: 'removeTags', action: 'Remove tags from a conversation' },
					{
						name: 'Close',
						value: 'close',
						action: 'Close a conversation',
						description: 'Resolve the conversation and free its operator’s slot; the customer writing within the reopen window continues it',
					},
					{
						name: 'Recover Unanswered Deliveries',
						value: 'recoverUnanswered',
						action: 'Recover unanswered deliveries',
						description:
							'Emit again, as a channel trigger does, the messages the channel was told were received but that were never answered (n8n stopped or lost its database mid-run); feed them to Log Incoming Message from a Schedule Trigger',
					},
					{
						name: 'Resolve Idle Conversations',
						value: 'resolveIdle',
						action: 'Resolve idle conversations',
						description:
							'From a Schedule Trigger: resolve conversations the bot finished with and answered ones whose customer went quiet, freeing operators’ slots, and close resolved ones for good once their reopen window passed',
					},
				],
				default: 'logInbound',
			},
			...logInbound.description,
			CONVERSATION_FIELD,
			...recoverUnanswered.description,
			...resolveIdle.description,
			...addTags.description,
		],
	};

	methods = { credentialTest: storeCredentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
