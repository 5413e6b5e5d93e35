import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { handleVkWebhook, type VkCredentials } from '../shared/channels/vk';
import { STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';
import { answerWebhook, notice } from '../node-kit/channelNodes';
import { BATCH_LIMIT_FIELD, WEBHOOK_TRIGGER_VERSIONS } from '../node-kit/webhook';

const CREDENTIAL = 'contactCenterVkApi';

// VK has no API to add a Callback API server with a community token: the URL is pasted into the
// community's settings by hand, so there is nothing to register or remove on publish.
// eslint-disable-next-line @n8n/community-nodes/webhook-lifecycle-complete
export class VkTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'VK Channel Trigger',
		name: 'vkChannelTrigger',
		icon: { light: 'file:vk.svg', dark: 'file:vk.dark.svg' },
		group: ['trigger'],
		...WEBHOOK_TRIGGER_VERSIONS,
		subtitle: 'Customer messages',
		description: 'Starts the workflow when a customer writes to your VK community (Callback API)',
		defaults: { name: 'VK Channel Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'contactCenterVkApi', required: true }, STORE_CREDENTIAL_REF],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'vk' }],
		properties: [
			notice(
				'In the community: Manage → API usage → Callback API. Add a server with this node’s production URL, API version 5.199 and the secret key from the credential; copy the confirmation string below; publish this workflow, then press Confirm in VK. Under Event types, tick Incoming message, Message access allowed and Message access denied.',
			),
			{
				displayName: 'Community ID',
				name: 'groupId',
				type: 'string',
				default: '',
				placeholder: '218765432',
				description: 'Needed: the number shown as “Group ID” in the Callback API settings; calls for other communities are refused',
			},
			{
				displayName: 'Confirmation String',
				name: 'confirmation',
				type: 'string',
				default: '',
				placeholder: '7f3c91ab',
				description: 'Needed: the string VK says the server must return, shown in the Callback API settings',
			},
			BATCH_LIMIT_FIELD,
		],
	};

	methods = { credentialTest: storeCredentialTest };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return answerWebhook<VkCredentials & { secret: string }>(this, CREDENTIAL, (req, { secret }) =>
			handleVkWebhook(req, {
				groupId: String(this.getNodeParameter('groupId')).trim(),
				confirmation: String(this.getNodeParameter('confirmation')).trim(),
				secret,
			}),
		);
	}
}
