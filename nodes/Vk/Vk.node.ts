import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { vkSender } from '../shared/channels/vk';
import { OUTBOUND_EXTRAS } from '../node-kit/outboundFields';
import { recipientField, sendEachItem, TEXT_FIELD } from '../node-kit/channelNodes';

export class Vk implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'VK Channel',
		name: 'vkChannel',
		icon: { light: 'file:vk.svg', dark: 'file:vk.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: 'Send message',
		description:
			'Sends a message from your VK community to a customer: text (split when longer than VK allows), buttons, and files as links. Keeps under VK’s request limits; a customer who denied messages is reported, not retried.',
		defaults: { name: 'VK Channel' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Sent', 'Failed'],
		credentials: [{ name: 'contactCenterVkApi', required: true }],
		properties: [
			recipientField({
				displayName: 'Peer ID',
				name: 'peerId',
				description: 'The customer’s conversation with the community; a VK trigger puts it on every item',
			}),
			TEXT_FIELD,
			...OUTBOUND_EXTRAS,
			{
				displayName: 'Idempotency Key',
				name: 'idempotencyKey',
				type: 'string',
				default: '',
				description:
					'VK never delivers the same key twice to a customer, so a re-run execution cannot repeat the message. Use something unique to this reply, such as the customer’s message ID and a step name. Empty: every run sends anew.',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return sendEachItem(this, {
			channel: 'vk',
			credential: 'contactCenterVkApi',
			sender: vkSender,
			recipient: 'peerId',
			extras: (ctx, i) => {
				const idempotencyKey = ctx.getNodeParameter('idempotencyKey', i) as string;
				return idempotencyKey ? { message: { idempotencyKey } } : {};
			},
		});
	}
}
