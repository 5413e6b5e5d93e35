import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { telegramSender } from '../shared/channels/telegram';
import { OUTBOUND_EXTRAS } from '../node-kit/outboundFields';
import { recipientField, sendEachItem, TEXT_FIELD } from '../node-kit/channelNodes';

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
			recipientField({
				displayName: 'Chat ID',
				name: 'chatId',
				description: 'The customer’s chat; a Telegram trigger puts it on every item',
			}),
			TEXT_FIELD,
			...OUTBOUND_EXTRAS,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return sendEachItem(this, {
			channel: 'telegram',
			credential: 'contactCenterTelegramApi',
			sender: telegramSender,
			recipient: 'chatId',
		});
	}
}
