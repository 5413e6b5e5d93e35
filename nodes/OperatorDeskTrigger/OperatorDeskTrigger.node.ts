import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { deskPolicyWith, handleDeskCall } from '../shared/desk';
import { clientAddress, parseTrustedProxies } from '../shared/limits/clientAddress';
import { renderDeskPage } from '../shared/desk/page/page';
import { getStore, STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';
import { answerSafely, PATH_PARAMETER, respond, respondPage, toItems, WEBHOOK_TRIGGER_VERSIONS } from '../node-kit/webhook';

// The desk page is served by n8n itself: there is no third-party service to register a webhook with.
// eslint-disable-next-line @n8n/community-nodes/webhook-lifecycle-complete
export class OperatorDeskTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Operator Desk Trigger',
		name: 'operatorDeskTrigger',
		icon: { light: 'file:operatorDesk.svg', dark: 'file:operatorDesk.dark.svg' },
		group: ['trigger'],
		...WEBHOOK_TRIGGER_VERSIONS,
		subtitle: '={{"/" + $parameter["path"]}}',
		description:
			'Serves the operators’ desk (every channel in one window) and starts the workflow for each reply an operator sends, so that a Reply to Customer node delivers it',
		defaults: { name: 'Operator Desk' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [STORE_CREDENTIAL_REF],
		webhooks: [
			{ name: 'default', httpMethod: 'GET', responseMode: 'onReceived', ...PATH_PARAMETER, isFullPath: true },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', ...PATH_PARAMETER, isFullPath: true },
		],
		properties: [
			{
				displayName:
					'Operators open this node’s production URL. Each item this node starts has <code>kind</code> ("reply" or "ratingRequest"), <code>operator</code>, <code>conversation</code>, <code>text</code> and <code>attachments</code>; a rating request also has <code>automatic: true</code>, so that Reply to Customer records it as a system notice, not the operator’s answer. Set passwords with the Operator Desk node.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Path',
				name: 'path',
				type: 'string',
				default: 'desk',
				required: true,
				description: 'The desk is served at /webhook/ followed by this path',
			},
			{ displayName: 'Page Title', name: 'title', type: 'string', default: 'Operator desk', description: 'Shown in the browser tab and at the top of the desk page' },
			{
				displayName: 'Rating Question',
				name: 'ratingQuestion',
				type: 'string',
				typeOptions: { rows: 2 },
				default: 'Thank you for contacting us! How would you rate our help, from 1 (bad) to 5 (excellent)?',
				description: 'Sent when an operator closes a conversation and asks for a rating',
			},
			{
				displayName: 'Topic Model Name',
				name: 'topicModel',
				type: 'string',
				default: 'support',
				description: 'The Topic Classifier model that learns from the topics operators set on conversations in the desk',
			},
			{
				displayName: 'Session Idle Timeout (Minutes)',
				name: 'idleMinutes',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 30,
				description: 'A desk left unused this long asks for the password again',
			},
			{
				displayName: 'Session Maximum Length (Hours)',
				name: 'absoluteHours',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 12,
				description: 'However busy, a session ends this long after sign-in',
			},
			{
				displayName: 'Offline After Desk Closed (Minutes)',
				name: 'absentAfterMinutes',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 3,
				description:
					'An operator none of whose desk pages has called for this long (tab closed, computer asleep) gets no new customers, and the ones they have not answered go to others; they are back as they were when a desk page of theirs calls again. An open page calls every few seconds, a background tab about once a minute.',
			},
			{
				displayName: 'Trusted Proxies',
				name: 'trustedProxies',
				type: 'string',
				default: '',
				placeholder: '10.0.0.5, 192.168.0.0/16',
				description: 'Addresses of your own reverse proxies. Failed sign-ins are slowed per address; only calls from these have X-Forwarded-For read for the real one. Leave empty when n8n faces the internet directly.',
			},
		],
	};

	methods = { credentialTest: storeCredentialTest };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return answerSafely(this, async () => {
			const req = this.getRequestObject();
			if (req.method !== 'POST') {
				respondPage(this, renderDeskPage({ title: this.getNodeParameter('title') as string }));
				return { noWebhookResponse: true };
			}

			const headers = this.getHeaderData() as Record<string, string | undefined>;
			const answer = await handleDeskCall(
				await getStore(this),
				{
					authorization: headers.authorization,
					body: this.getBodyData(),
					address: clientAddress(
						(req as unknown as { socket?: { remoteAddress?: string } }).socket?.remoteAddress,
						headers['x-forwarded-for'],
						parseTrustedProxies(this.getNodeParameter('trustedProxies', '') as string),
					),
				},
				{
					policy: deskPolicyWith({
						idleMinutes: this.getNodeParameter('idleMinutes') as number,
						absoluteHours: this.getNodeParameter('absoluteHours') as number,
						absentAfterMinutes: this.getNodeParameter('absentAfterMinutes', 3) as number,
					}),
					ratingQuestion: this.getNodeParameter('ratingQuestion') as string,
					topicModel: this.getNodeParameter('topicModel', 'support') as string,
				},
			);
			// Answers carry session tokens and customer data: no cache may keep them.
			if (answer.file) {
				respond(this, answer.status, answer.file.content, answer.file.contentType, {
					'Cache-Control': 'no-store',
					'Content-Disposition': `attachment; filename="${answer.file.name}"`,
				});
			} else {
				respond(this, answer.status, JSON.stringify(answer.body), 'application/json; charset=utf-8', { 'Cache-Control': 'no-store' });
			}
			return answer.start ? { noWebhookResponse: true, workflowData: [toItems([answer.start])] } : { noWebhookResponse: true };
		});
	}
}
