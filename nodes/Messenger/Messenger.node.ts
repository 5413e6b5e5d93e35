import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { messengerSender } from '../shared/channels/messenger';
import { META_SEND_FIELDS, sendEachItem } from '../meta-kit/channelNodes';

export class Messenger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Messenger Channel',
		name: 'messengerChannel',
		icon: { light: 'file:messenger.svg', dark: 'file:messenger.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: 'Send message',
		description:
			'Sends a Messenger message: text (split under 2000 characters), quick replies and attachments. Within 24 hours of the customer’s last message it is a response; after that only a person’s reply may go, tagged HUMAN_AGENT, for 7 days.',
		defaults: { name: 'Messenger Channel' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Sent', 'Failed'],
		credentials: [{ name: 'contactCenterMessengerApi', required: true }],
		properties: [
			{
				displayName: 'Recipient PSID',
				name: 'to',
				type: 'string',
				default: '={{ $json.message.conversationKey }}',
				required: true,
				description: 'The customer’s page-scoped ID; a Messenger trigger puts it on every item',
			},
			...META_SEND_FIELDS,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return sendEachItem(this, 'messenger', 'contactCenterMessengerApi', messengerSender);
	}
}
