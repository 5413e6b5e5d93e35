import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { readCredentials } from './credentials';
import type { Channel, OutboundMessage } from '../shared/envelope';
import type { ChannelSender, SendContext, WebhookRequest, WebhookVerdict } from '../shared/channels/types';
import { outboundExtras } from './outboundFields';
import { runOperation, type Operation } from './runner';
import { answerChannelWebhook, answerSafely, webhookRequest } from './webhook';

/*
 * What every channel's send node and trigger share: the send node's fields and its Sent/Failed
 * loop, and the trigger's webhook answer. The node classes keep their descriptions as literals
 * (n8n's lint rules read them there) and name only their channel, credential and what is their own.
 */

/**
 * The send node's recipient field. By default it answers the conversation the item came from,
 * which every channel trigger puts on its items.
 */
export function recipientField(
	field: Pick<INodeProperties, 'displayName' | 'name' | 'description'> & Partial<INodeProperties>,
): INodeProperties {
	return { type: 'string', default: '={{ $json.message.conversationKey }}', required: true, ...field };
}

export const TEXT_FIELD: INodeProperties = {
	displayName: 'Text',
	name: 'text',
	type: 'string',
	typeOptions: { rows: 4 },
	default: '',
	description: 'The message, sent exactly as written here (map it from the item with an expression); a text longer than the channel allows goes in several parts',
};

/** Meta's messaging window (WhatsApp, Messenger, Instagram): who wrote the reply, and when the customer last wrote. */
export const META_WINDOW_FIELDS: INodeProperties[] = [
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
];

/** What one item's message carries beyond the common fields, and what its channel's sender needs to know. */
export interface ItemExtras {
	message?: Partial<OutboundMessage>;
	context?: SendContext;
}

/** The META_WINDOW_FIELDS of one item. */
export function metaWindow(ctx: IExecuteFunctions, itemIndex: number): ItemExtras {
	const lastInboundAt = ctx.getNodeParameter('lastInboundAt', itemIndex, '') as string;
	return {
		message: { fromOperator: ctx.getNodeParameter('fromOperator', itemIndex) as boolean },
		context: lastInboundAt ? { lastInboundAt } : {},
	};
}

/** A send node: its channel, the credential that reaches it, its sender and its recipient field. */
export interface SendNode<Credentials> {
	channel: Channel;
	credential: string;
	sender: ChannelSender<Credentials>;
	recipient: string;
	extras?: (ctx: IExecuteFunctions, itemIndex: number) => ItemExtras;
}

const OUTPUT = { sent: 0, failed: 1 } as const;

/**
 * Sends each item's message (recipient, text, buttons and attachments, plus the node's extras)
 * and routes the item to the Sent or Failed output with the result under the channel's name. An
 * item whose sending throws (a field that cannot be read, say) leaves by Failed under Continue On
 * Fail, like one the channel refused.
 */
export function sendEachItem<Credentials>(ctx: IExecuteFunctions, node: SendNode<Credentials>): Promise<INodeExecutionData[][]> {
	const send: Operation<Credentials> = {
		// The send nodes declare their fields in their own description (n8n's lint rules read them there).
		description: [],
		async execute(credentials, i) {
			const extras = node.extras?.(this, i) ?? {};
			const result = await node.sender.send(
				credentials,
				{
					channel: node.channel,
					to: String(this.getNodeParameter(node.recipient, i)),
					text: this.getNodeParameter('text', i) as string,
					...outboundExtras(this, i),
					fromOperator: false,
					...extras.message,
				},
				extras.context,
			);
			return { output: result.ok ? OUTPUT.sent : OUTPUT.failed, json: { [node.channel]: result as unknown as IDataObject } };
		},
	};
	return runOperation(ctx, {
		operations: { '': { '': send } },
		async open() {
			return (await readCredentials(this, node.credential)) as unknown as Credentials;
		},
		outputs: 2,
		failedOutput: OUTPUT.failed,
	});
}

/** Answers a channel trigger's webhook call: the channel's handler judges it with the credential's secrets. */
export async function answerWebhook<Credentials>(
	ctx: IWebhookFunctions,
	credentialName: string,
	judge: (req: WebhookRequest, credentials: Credentials) => WebhookVerdict | Promise<WebhookVerdict>,
): Promise<IWebhookResponseData> {
	return answerSafely(ctx, async () => {
		const credentials = (await readCredentials(ctx, credentialName)) as unknown as Credentials;
		return answerChannelWebhook(ctx, await judge(webhookRequest(ctx), credentials));
	});
}

/** A note shown at the top of a node: what the channel requires of whoever sets it up. */
export const notice = (text: string): INodeProperties => ({ displayName: text, name: 'notice', type: 'notice', default: '' });

/** The notice every Meta trigger shows: Meta's subscription is set up in the app dashboard, not by n8n. */
export const metaTriggerNotice = (product: string, field: string): INodeProperties =>
	notice(
		`In the Meta app dashboard (${product} › Configuration › Webhook), set the Callback URL to this node’s production URL and the Verify Token to the credential’s, then subscribe to the <code>${field}</code> field. Deliveries are checked against the App Secret, and a repeated delivery is processed once.`,
	);

/** The webhook secrets every Meta credential holds. */
export interface MetaSecrets {
	appSecret: string;
	verifyToken: string;
}
