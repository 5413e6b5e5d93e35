import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { viberSender } from '../shared/channels/viber';
import { OUTBOUND_EXTRAS } from '../node-kit/outboundFields';
import { notice, recipientField, sendEachItem, TEXT_FIELD } from '../node-kit/channelNodes';

export class Viber implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Viber Channel',
		name: 'viberChannel',
		icon: { light: 'file:viber.svg', dark: 'file:viber.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: 'Send message',
		description:
			'Sends a message to a Viber customer: text (split when longer than Viber allows), reply buttons, pictures and files. Backs off when Viber says too many requests; a customer who unsubscribed is reported, not retried.',
		defaults: { name: 'Viber Channel' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Sent', 'Failed'],
		credentials: [{ name: 'contactCenterViberApi', required: true }],
		properties: [
			notice(
				'Viber delivers at most 100 messages an hour to a customer who has not written back; more are refused until they answer.',
			),
			recipientField({
				displayName: 'User ID',
				name: 'receiver',
				description: 'The customer’s Viber ID for this bot; a Viber trigger puts it on every item',
			}),
			TEXT_FIELD,
			...OUTBOUND_EXTRAS,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return sendEachItem(this, {
			channel: 'viber',
			credential: 'contactCenterViberApi',
			sender: viberSender,
			recipient: 'receiver',
		});
	}
}
