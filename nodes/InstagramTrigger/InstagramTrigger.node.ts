import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { handleInstagramWebhook, type InstagramCredentials } from '../shared/channels/instagram';
import { STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';
import { answerWebhook, metaTriggerNotice, type MetaSecrets } from '../node-kit/channelNodes';
import { BATCH_LIMIT_FIELD, WEBHOOK_TRIGGER_VERSIONS } from '../node-kit/webhook';

// Meta's webhook subscription is made in the app dashboard (the API needs an app token): nothing to register here.
// eslint-disable-next-line @n8n/community-nodes/webhook-lifecycle-complete
export class InstagramTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Instagram Channel Trigger',
		name: 'instagramChannelTrigger',
		icon: { light: 'file:instagram.svg', dark: 'file:instagram.dark.svg' },
		group: ['trigger'],
		...WEBHOOK_TRIGGER_VERSIONS,
		subtitle: 'Customer messages',
		description:
			'Starts the workflow when a customer sends a direct message to your Instagram professional account. Echoes and read receipts never start it.',
		defaults: { name: 'Instagram Channel Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'contactCenterInstagramApi', required: true }, STORE_CREDENTIAL_REF],
		webhooks: [
			{ name: 'default', httpMethod: 'GET', responseMode: 'onReceived', path: 'instagram' },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'instagram' },
		],
		properties: [metaTriggerNotice('Instagram', 'messages'), BATCH_LIMIT_FIELD],
	};

	methods = { credentialTest: storeCredentialTest };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return answerWebhook<InstagramCredentials & MetaSecrets>(this, 'contactCenterInstagramApi', (req, c) =>
			handleInstagramWebhook(req, { verifyToken: c.verifyToken, appSecret: c.appSecret, account: c.igAccountId }),
		);
	}
}
