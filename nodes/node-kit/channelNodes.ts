import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import type { Channel } from '../shared/envelope';
import type { SendContext } from '../shared/channels/types';
import type { SendResult, WebhookRequest, WebhookVerdict } from '../shared/channels/types';
import type { OutboundMessage } from '../shared/envelope';
import { OUTBOUND_EXTRAS, outboundExtras } from '../node-kit/outboundFields';
import { answerChannelWebhook, webhookRequest } from '../node-kit/webhook';

/*
 * What the WhatsApp, Messenger and Instagram nodes share: the send node's fields and loop, and
 * the trigger's webhook answer. The nodes themselves only name their channel and credential.
 */

/** The fields every Meta send node offers, after its own recipient field. */
export const META_SEND_FIELDS: INodeProperties[] = [
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
	},
	{
		displayName: 'Sent by a Person',
		name: 'fromOperator',
		type: 'boolean',
		default: false,
		description:
			'Whether an operator wrote this reply. Meta lets a person answer for 7 days after the customer’s last message (HUMAN_AGENT tag), a bot only for 24 hours.',
	},
	{
		displayName: 'Customer Last Wrote At',
		name: 'lastInboundAt',
		type: 'dateTime',
		default: '',
		description:
			'When the customer last wrote on this channel, if the workflow knows. Leave empty to let the platform decide; when set and older than 24 hours, the message goes straight to the template or the HUMAN_AGENT tag.',
	},
	...OUTBOUND_EXTRAS,
];

interface MetaSender {
	send(credentials: never, message: OutboundMessage, context?: SendContext): Promise<SendResult>;
}

/** Sends each item's message and routes it to the Sent or Failed output with the result under `channel`. */
export async function sendEachItem(
	ctx: IExecuteFunctions,
	channel: Extract<Channel, 'whatsapp' | 'messenger' | 'instagram'>,
	credentialName: string,
	sender: MetaSender,
): Promise<INodeExecutionData[][]> {
	const credentials = (await ctx.getCredentials(credentialName)) as never;
	const sent: INodeExecutionData[] = [];
	const failed: INodeExecutionData[] = [];
	const items = ctx.getInputData();
	for (let i = 0; i < items.length; i++) {
		const lastInboundAt = ctx.getNodeParameter('lastInboundAt', i, '') as string;
		const result = await sender.send(
			credentials,
			{
				channel,
				to: String(ctx.getNodeParameter('to', i)),
				text: ctx.getNodeParameter('text', i) as string,
				...outboundExtras(ctx, i),
				fromOperator: ctx.getNodeParameter('fromOperator', i) as boolean,
			},
			lastInboundAt ? { lastInboundAt } : {},
		);
		const item = { json: { ...items[i].json, [channel]: result }, pairedItem: { item: i } } as INodeExecutionData;
		(result.ok ? sent : failed).push(item);
	}
	return [sent, failed];
}

/** Answers a Meta webhook call (GET verification or signed POST) with the credential's secrets. */
export async function answerMetaWebhook<C extends MetaSecrets>(
	ctx: IWebhookFunctions,
	credentialName: string,
	judge: (req: WebhookRequest, credentials: C) => WebhookVerdict,
): Promise<IWebhookResponseData> {
	const credentials = (await ctx.getCredentials(credentialName)) as unknown as C;
	return answerChannelWebhook(ctx, judge(webhookRequest(ctx), credentials));
}

/** The notice every Meta trigger shows: Meta's subscription is set up in the app dashboard, not by n8n. */
export const metaTriggerNotice = (product: string, field: string): INodeProperties => ({
	displayName: `In the Meta app dashboard (${product} › Configuration › Webhook), set the Callback URL to this node’s production URL and the Verify Token to the credential’s, then subscribe to the <code>${field}</code> field. Deliveries are checked against the App Secret, and a repeated delivery is processed once.`,
	name: 'notice',
	type: 'notice',
	default: '',
});

/** The webhook secrets every Meta credential holds. */
export interface MetaSecrets {
	appSecret: string;
	verifyToken: string;
}
