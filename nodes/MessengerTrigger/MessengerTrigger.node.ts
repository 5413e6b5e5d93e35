import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { handleMessengerWebhook, type MessengerCredentials } from '../shared/channels/messenger';
import { STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';
import { answerWebhook, metaTriggerNotice, type MetaSecrets } from '../node-kit/channelNodes';
import { BATCH_LIMIT_FIELD, WEBHOOK_TRIGGER_VERSIONS } from '../node-kit/webhook';

// Meta's webhook subscription is made in the app dashboard (the API needs an app token): nothing to register here.
// eslint-disable-next-line @n8n/community-nodes/webhook-lifecycle-complete
export class MessengerTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Messenger Channel Trigger',
		name: 'messengerChannelTrigger',
		icon: { light: 'file:messenger.svg', dark: 'file:messenger.dark.svg' },
		group: ['trigger'],
		...WEBHOOK_TRIGGER_VERSIONS,
		subtitle: 'Customer messages',
		description:
			'Starts the workflow when a customer writes to your Facebook page on Messenger. Echoes of the page’s own messages, deliveries and reads never start it.',
		defaults: { name: 'Messenger Channel Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'contactCenterMessengerApi', required: true }, STORE_CREDENTIAL_REF],
		webhooks: [
			{ name: 'default', httpMethod: 'GET', responseMode: 'onReceived', path: 'messenger' },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'messenger' },
		],
		properties: [metaTriggerNotice('Messenger', 'messages, messaging_postbacks, message_deliveries, message_reads'), BATCH_LIMIT_FIELD],
	};

	methods = { credentialTest: storeCredentialTest };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return answerWebhook<MessengerCredentials & MetaSecrets>(this, 'contactCenterMessengerApi', (req, c) =>
			handleMessengerWebhook(req, { verifyToken: c.verifyToken, appSecret: c.appSecret, account: c.pageId }),
		);
	}
}
