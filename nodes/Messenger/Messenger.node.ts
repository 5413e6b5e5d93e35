import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { messengerSender } from '../shared/channels/messenger';
import { OUTBOUND_EXTRAS } from '../node-kit/outboundFields';
import { META_WINDOW_FIELDS, metaWindow, recipientField, sendEachItem, TEXT_FIELD } from '../node-kit/channelNodes';

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
			recipientField({
				displayName: 'Recipient PSID',
				name: 'to',
				description: 'The customer’s page-scoped ID; a Messenger trigger puts it on every item',
			}),
			TEXT_FIELD,
			...META_WINDOW_FIELDS,
			...OUTBOUND_EXTRAS,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return sendEachItem(this, {
			channel: 'messenger',
			credential: 'contactCenterMessengerApi',
			sender: messengerSender,
			recipient: 'to',
			extras: metaWindow,
		});
	}
}
