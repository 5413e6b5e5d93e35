import type {
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { chatHistory } from '../shared/channels/webchat/history';
import { handleWebChatPost } from '../shared/channels/webchat/inbound';
import { renderChatPage } from '../shared/channels/webchat/page';
import { renderWidgetScript } from '../shared/channels/webchat/widget';
import { getStore, STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';
import { answerChannelWebhook, BATCH_LIMIT_FIELD, respond, respondJson, respondPage, WEBHOOK_TRIGGER_VERSIONS, webhookRequest } from '../node-kit/webhook';

// The chat page is served by n8n itself: there is no third-party service to register a webhook with.
// eslint-disable-next-line @n8n/community-nodes/webhook-lifecycle-complete
export class WebChatTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Web Chat Trigger',
		name: 'webChatTrigger',
		icon: { light: 'file:webchat.svg', dark: 'file:webchat.dark.svg' },
		group: ['trigger'],
		...WEBHOOK_TRIGGER_VERSIONS,
		subtitle: '={{"/" + $parameter["path"]}}',
		description:
			'Serves a chat page (and an embeddable widget) to website visitors and starts the workflow for every message they write',
		defaults: { name: 'Web Chat Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [STORE_CREDENTIAL_REF],
		webhooks: [
			{ name: 'default', httpMethod: 'GET', responseMode: 'onReceived', path: '={{$parameter["path"]}}', isFullPath: true },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: '={{$parameter["path"]}}', isFullPath: true },
		],
		properties: [
			{
				displayName:
					'Visitors chat at this node’s production URL. To put the chat on your website, add <code>&lt;script src="PRODUCTION_URL?asset=widget.js" async&gt;&lt;/script&gt;</code> to its pages.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Path',
				name: 'path',
				type: 'string',
				default: 'webchat',
				required: true,
				description: 'The chat page is served at /webhook/ followed by this path',
			},
			{
				displayName: 'Site Name',
				name: 'site',
				type: 'string',
				default: 'website',
				required: true,
				description: 'Names this chat in conversations and reports, when one n8n serves several sites',
			},
			{
				displayName: 'Page Title',
				name: 'title',
				type: 'string',
				default: 'Customer support',
			},
			{
				displayName: 'Greeting',
				name: 'greeting',
				type: 'string',
				typeOptions: { rows: 2 },
				default: 'Hello! Tell us who you are and we will answer in a moment.',
				description: 'Shown above the pre-chat form',
			},
			{
				displayName: 'Widget Button Label',
				name: 'widgetLabel',
				type: 'string',
				default: 'Chat with us',
			},
			BATCH_LIMIT_FIELD,
		],
	};

	methods = { credentialTest: storeCredentialTest };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const site = this.getNodeParameter('site') as string;
		const req = webhookRequest(this);
		if (req.method === 'POST') {
			return answerChannelWebhook(this, handleWebChatPost(req, { site }));
		}

		const { session, after, asset } = req.query;
		if (session !== undefined) {
			const lines = await chatHistory(await getStore(this), site, session, Number(after) || 0);
			if (lines === null) respondJson(this, 400, { error: 'Unknown chat session' });
			else respondJson(this, 200, { lines });
		} else if (asset === 'widget.js') {
			const pageUrl = this.getNodeWebhookUrl('default') ?? '';
			respond(this, 200, renderWidgetScript(pageUrl, this.getNodeParameter('widgetLabel') as string), 'text/javascript; charset=utf-8');
		} else {
			respondPage(
				this,
				renderChatPage({
					title: this.getNodeParameter('title') as string,
					greeting: this.getNodeParameter('greeting') as string,
				}),
			);
		}
		return { noWebhookResponse: true };
	}
}
