import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { emailSender, messageIds } from '../shared/channels/email';
import { OUTBOUND_EXTRAS } from '../node-kit/outboundFields';
import { recipientField, sendEachItem } from '../node-kit/channelNodes';
import { EMAIL_CREDENTIAL, emailCredentialTest } from '../node-kit/emailCredential';

export class Email implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'E-mail Channel',
		name: 'emailChannel',
		icon: { light: 'file:email.svg', dark: 'file:email.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: 'Send e-mail',
		description:
			'Sends an e-mail from the support address over SMTP, threaded under the customer’s e-mail when answering one. Retries while the server says "later"; an address that does not exist is reported, not retried.',
		defaults: { name: 'E-mail Channel' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Sent', 'Failed'],
		credentials: [{ name: 'contactCenterEmailApi', required: true, testedBy: 'contactCenterEmailLogin' }],
		properties: [
			recipientField({
				displayName: 'To',
				name: 'to',
				default: '={{ $json.message.sender.email }}',
				placeholder: 'customer@example.com',
				description:
					'The customer’s address; an e-mail trigger puts it on every item. To answer where their e-mail’s Reply-To asks, map {{ $json.message.sender.replyTo || $json.message.sender.email }} (Reply to Customer does that by itself).',
			}),
			{
				displayName: 'Subject',
				name: 'subject',
				type: 'string',
				default: '={{ $json.message.subject }}',
				description: 'When answering an e-mail, "Re:" is added unless it is already there',
			},
			{
				displayName: 'Text',
				name: 'text',
				type: 'string',
				typeOptions: { rows: 6 },
				default: '',
				description: 'Plain text; an HTML copy is made from it for mail clients that prefer HTML',
			},
			{
				displayName: 'Answer E-mail (Message-ID)',
				name: 'inReplyTo',
				type: 'string',
				default: '={{ $json.message.raw.messageId }}',
				description: 'The Message-ID of the customer’s e-mail this answers, so that it lands in the same thread. Empty for a new e-mail.',
			},
			{
				displayName: 'Thread References',
				name: 'references',
				type: 'string',
				default: '={{ $json.message.raw.references }}',
				description: 'The References of the customer’s e-mail (Message-IDs); the answered ID is added to them',
			},
			...OUTBOUND_EXTRAS,
		],
	};

	methods = { credentialTest: emailCredentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return sendEachItem(this, {
			channel: 'email',
			credential: EMAIL_CREDENTIAL,
			sender: emailSender,
			recipient: 'to',
			extras: (ctx, i) => ({
				message: {
					// An address typed or mapped into the field often carries stray spaces.
					to: String(ctx.getNodeParameter('to', i)).trim(),
					subject: (ctx.getNodeParameter('subject', i, '') as string) || undefined,
					inReplyTo: messageIds(String(ctx.getNodeParameter('inReplyTo', i, '') ?? ''))[0],
				},
				context: { references: messageIds(ctx.getNodeParameter('references', i, '') as string | string[]) },
			}),
		});
	}
}
