import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { handleWhatsAppWebhook, type WhatsAppCredentials } from '../shared/channels/whatsapp';
import { STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';
import { answerWebhook, metaTriggerNotice, type MetaSecrets } from '../node-kit/channelNodes';
import { BATCH_LIMIT_FIELD, WEBHOOK_TRIGGER_VERSIONS } from '../node-kit/webhook';

// Meta's webhook subscription is made in the app dashboard (the API needs an app token): nothing to register here.
// eslint-disable-next-line @n8n/community-nodes/webhook-lifecycle-complete
export class WhatsAppTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Channel Trigger',
		name: 'whatsappChannelTrigger',
		icon: { light: 'file:whatsapp.svg', dark: 'file:whatsapp.dark.svg' },
		group: ['trigger'],
		...WEBHOOK_TRIGGER_VERSIONS,
		subtitle: 'Customer messages',
		description:
			'Starts the workflow when a customer writes to your WhatsApp Business number. Delivery statuses (delivered, read, failed) update the conversation and never start it.',
		defaults: { name: 'WhatsApp Channel Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'contactCenterWhatsAppApi', required: true }, STORE_CREDENTIAL_REF],
		webhooks: [
			{ name: 'default', httpMethod: 'GET', responseMode: 'onReceived', path: 'whatsapp' },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'whatsapp' },
		],
		properties: [metaTriggerNotice('WhatsApp', 'messages'), BATCH_LIMIT_FIELD],
	};

	methods = { credentialTest: storeCredentialTest };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return answerWebhook<WhatsAppCredentials & MetaSecrets>(this, 'contactCenterWhatsAppApi', (req, c) =>
			handleWhatsAppWebhook(req, { verifyToken: c.verifyToken, appSecret: c.appSecret, phoneNumberId: c.phoneNumberId }),
		);
	}
}
