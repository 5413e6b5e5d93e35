import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { emailSender, messageIds, type EmailCredentials } from '../shared/channels/email';
import { OUTBOUND_EXTRAS, outboundExtras } from '../node-kit/outboundFields';
import { EMAIL_CREDENTIAL, emailCredentialTest } from './credentialTest';

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
			{
				displayName: 'To',
				name: 'to',
				type: 'string',
				default: '={{ $json.message.sender.email }}',
				required: true,
				placeholder: 'customer@example.com',
				description: 'The customer’s address; an e-mail trigger puts it on every item',
			},
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
		const credentials = (await this.getCredentials(EMAIL_CREDENTIAL)) as unknown as EmailCredentials;
		const sent: INodeExecutionData[] = [];
		const failed: INodeExecutionData[] = [];
		const items = this.getInputData();
		for (let i = 0; i < items.length; i++) {
			const inReplyTo = messageIds(String(this.getNodeParameter('inReplyTo', i, '') ?? ''))[0];
			const references = messageIds(this.getNodeParameter('references', i, '') as string | string[]);
			const result = await emailSender.send(
				credentials,
				{
					channel: 'email',
					to: String(this.getNodeParameter('to', i)).trim(),
					subject: (this.getNodeParameter('subject', i, '') as string) || undefined,
					text: this.getNodeParameter('text', i) as string,
					inReplyTo,
					...outboundExtras(this, i),
					fromOperator: false,
				},
				{ references },
			);
			const item = { json: { ...items[i].json, email: result }, pairedItem: { item: i } } as INodeExecutionData;
			(result.ok ? sent : failed).push(item);
		}
		return [sent, failed];
	}
}
