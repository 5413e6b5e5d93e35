import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { instagramSender } from '../shared/channels/instagram';
import { OUTBOUND_EXTRAS } from '../node-kit/outboundFields';
import { META_WINDOW_FIELDS, metaWindow, recipientField, sendEachItem, TEXT_FIELD } from '../node-kit/channelNodes';

export class Instagram implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Instagram Channel',
		name: 'instagramChannel',
		icon: { light: 'file:instagram.svg', dark: 'file:instagram.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: 'Send message',
		description:
			'Sends an Instagram direct message: text (split at 1000 UTF-8 bytes), quick replies and attachments. Within 24 hours of the customer’s last message anyone may answer; after that only a person, tagged HUMAN_AGENT, for 7 days.',
		defaults: { name: 'Instagram Channel' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Sent', 'Failed'],
		credentials: [{ name: 'contactCenterInstagramApi', required: true }],
		properties: [
			recipientField({
				displayName: 'Recipient IGSID',
				name: 'to',
				description: 'The customer’s Instagram-scoped ID; an Instagram trigger puts it on every item',
			}),
			TEXT_FIELD,
			...META_WINDOW_FIELDS,
			...OUTBOUND_EXTRAS,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return sendEachItem(this, {
			channel: 'instagram',
			credential: 'contactCenterInstagramApi',
			sender: instagramSender,
			recipient: 'to',
			extras: metaWindow,
		});
	}
}
