import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { viberSender, type ViberCredentials } from '../shared/channels/viber';
import { OUTBOUND_EXTRAS, outboundExtras } from '../node-kit/outboundFields';

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
			{
				displayName:
					'Viber delivers at most 100 messages an hour to a customer who has not written back; more are refused until they answer.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'User ID',
				name: 'receiver',
				type: 'string',
				default: '={{ $json.message.conversationKey }}',
				required: true,
				description: 'The customer’s Viber ID for this bot; a Viber trigger puts it on every item',
			},
			{
				displayName: 'Text',
				name: 'text',
				type: 'string',
				typeOptions: { rows: 4 },
				default: '',
			},
			...OUTBOUND_EXTRAS,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const credentials = (await this.getCredentials('contactCenterViberApi')) as unknown as ViberCredentials;
		const sent: INodeExecutionData[] = [];
		const failed: INodeExecutionData[] = [];
		const items = this.getInputData();
		for (let i = 0; i < items.length; i++) {
			const result = await viberSender.send(credentials, {
				channel: 'viber',
				to: String(this.getNodeParameter('receiver', i)),
				text: this.getNodeParameter('text', i) as string,
				...outboundExtras(this, i),
				fromOperator: false,
			});
			const item = { json: { ...items[i].json, viber: result }, pairedItem: { item: i } } as INodeExecutionData;
			(result.ok ? sent : failed).push(item);
		}
		return [sent, failed];
	}
}
