import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { vkSender, type VkCredentials } from '../shared/channels/vk';
import { OUTBOUND_EXTRAS, outboundExtras } from '../node-kit/outboundFields';

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
			{
				displayName: 'Peer ID',
				name: 'peerId',
				type: 'string',
				default: '={{ $json.message.conversationKey }}',
				required: true,
				description: 'The customer’s conversation with the community; a VK trigger puts it on every item',
			},
			{
				displayName: 'Text',
				name: 'text',
				type: 'string',
				typeOptions: { rows: 4 },
				default: '',
			},
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
		const credentials = (await this.getCredentials('contactCenterVkApi')) as unknown as VkCredentials;
		const sent: INodeExecutionData[] = [];
		const failed: INodeExecutionData[] = [];
		const items = this.getInputData();
		for (let i = 0; i < items.length; i++) {
			const idempotencyKey = this.getNodeParameter('idempotencyKey', i) as string;
			const result = await vkSender.send(credentials, {
				channel: 'vk',
				to: String(this.getNodeParameter('peerId', i)),
				text: this.getNodeParameter('text', i) as string,
				...outboundExtras(this, i),
				fromOperator: false,
				...(idempotencyKey ? { idempotencyKey } : {}),
			});
			const item = { json: { ...items[i].json, vk: result }, pairedItem: { item: i } } as INodeExecutionData;
			(result.ok ? sent : failed).push(item);
		}
		return [sent, failed];
	}
}
