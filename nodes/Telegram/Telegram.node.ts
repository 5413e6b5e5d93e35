import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { telegramSender, type TelegramCredentials } from '../shared/channels/telegram';
import { OUTBOUND_EXTRAS, outboundExtras } from '../node-kit/outboundFields';

export class Telegram implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Telegram Channel',
		name: 'telegramChannel',
		icon: { light: 'file:telegram.svg', dark: 'file:telegram.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: 'Send message',
		description:
			'Sends a message to a Telegram chat: text (split when longer than Telegram allows), buttons and files. Waits out Telegram’s rate limits; a customer who blocked the bot is reported, not retried.',
		defaults: { name: 'Telegram Channel' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Sent', 'Failed'],
		credentials: [{ name: 'contactCenterTelegramApi', required: true }],
		properties: [
			{
				displayName: 'Chat ID',
				name: 'chatId',
				type: 'string',
				default: '={{ $json.message.conversationKey }}',
				required: true,
				description: 'The customer’s chat; a Telegram trigger puts it on every item',
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
		const credentials = (await this.getCredentials('contactCenterTelegramApi')) as unknown as TelegramCredentials;
		const sent: INodeExecutionData[] = [];
		const failed: INodeExecutionData[] = [];
		const items = this.getInputData();
		for (let i = 0; i < items.length; i++) {
			const result = await telegramSender.send(credentials, {
				channel: 'telegram',
				to: String(this.getNodeParameter('chatId', i)),
				text: this.getNodeParameter('text', i) as string,
				...outboundExtras(this, i),
				fromOperator: false,
			});
			const item = { json: { ...items[i].json, telegram: result }, pairedItem: { item: i } } as INodeExecutionData;
			(result.ok ? sent : failed).push(item);
		}
		return [sent, failed];
	}
}
