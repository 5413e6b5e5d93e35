import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { accountIdOf, EVENT_TYPES, handleViberWebhook, ViberClient, type ViberCredentials } from '../shared/channels/viber';
import { STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';
import { answerWebhook, notice } from '../node-kit/channelNodes';
import { BATCH_LIMIT_FIELD, WEBHOOK_TRIGGER_VERSIONS } from '../node-kit/webhook';

const CREDENTIAL = 'contactCenterViberApi';

async function botClient(ctx: IHookFunctions) {
	const { authToken, baseUrl } = (await ctx.getCredentials(CREDENTIAL)) as unknown as ViberCredentials;
	return new ViberClient(authToken, baseUrl);
}

export class ViberTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Viber Channel Trigger',
		name: 'viberChannelTrigger',
		icon: { light: 'file:viber.svg', dark: 'file:viber.dark.svg' },
		group: ['trigger'],
		...WEBHOOK_TRIGGER_VERSIONS,
		subtitle: 'Customer messages',
		description:
			'Starts the workflow when a customer writes to your Viber bot. Sets the bot’s webhook when the workflow is published and removes it when unpublished.',
		defaults: { name: 'Viber Channel Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'contactCenterViberApi', required: true }, STORE_CREDENTIAL_REF],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'viber' }],
		properties: [
			notice(
				'A Viber bot has one webhook: use one trigger per auth token. Viber checks the URL while the workflow is being published, so n8n must be reachable from the internet over HTTPS. Callbacks are checked against their signature, and a repeated one is processed once. Subscriptions and delivery receipts update the customer card; they do not start the workflow.',
			),
			{
				displayName: 'Receive Customer Names',
				name: 'sendName',
				type: 'boolean',
				default: true,
				description: 'Whether Viber includes the customer’s name in callbacks',
			},
			{
				displayName: 'Receive Customer Photos',
				name: 'sendPhoto',
				type: 'boolean',
				default: true,
				description: 'Whether Viber includes a link to the customer’s avatar in callbacks',
			},
			BATCH_LIMIT_FIELD,
		],
	};

	methods = { credentialTest: storeCredentialTest };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const info = await (await botClient(this)).getAccountInfo();
				return info.webhook === this.getNodeWebhookUrl('default');
			},
			// n8n stores the webhook before running this, so Viber's call back to the URL during
			// set_webhook already reaches webhook() below and is answered as a handshake.
			async create(this: IHookFunctions): Promise<boolean> {
				await (await botClient(this)).setWebhook({
					url: this.getNodeWebhookUrl('default')!,
					eventTypes: EVENT_TYPES,
					sendName: this.getNodeParameter('sendName') as boolean,
					sendPhoto: this.getNodeParameter('sendPhoto') as boolean,
				});
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				await (await botClient(this)).removeWebhook();
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return answerWebhook<ViberCredentials>(this, CREDENTIAL, async (req, { authToken, baseUrl }) =>
			handleViberWebhook(req, { authToken, account: await accountIdOf(authToken, baseUrl) }),
		);
	}
}
