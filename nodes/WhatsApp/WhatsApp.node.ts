import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { whatsAppSender } from '../shared/channels/whatsapp';
import { OUTBOUND_EXTRAS } from '../node-kit/outboundFields';
import { META_WINDOW_FIELDS, metaWindow, recipientField, sendEachItem, TEXT_FIELD } from '../node-kit/channelNodes';

export class WhatsApp implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Channel',
		name: 'whatsappChannel',
		icon: { light: 'file:whatsapp.svg', dark: 'file:whatsapp.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: 'Send message',
		description:
			'Sends a WhatsApp message: text (split when longer than 4096 characters), reply buttons or a list, images and documents by link. More than 24 hours after the customer’s last message it sends the credential’s approved template instead, or fails with "outside_window".',
		defaults: { name: 'WhatsApp Channel' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Sent', 'Failed'],
		credentials: [{ name: 'contactCenterWhatsAppApi', required: true }],
		properties: [
			recipientField({
				displayName: 'Recipient Phone (wa_id)',
				name: 'to',
				description: 'The customer’s WhatsApp number in international format without +; a WhatsApp trigger puts it on every item',
			}),
			TEXT_FIELD,
			...META_WINDOW_FIELDS,
			...OUTBOUND_EXTRAS,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return sendEachItem(this, {
			channel: 'whatsapp',
			credential: 'contactCenterWhatsAppApi',
			sender: whatsAppSender,
			recipient: 'to',
			extras: metaWindow,
		});
	}
}
