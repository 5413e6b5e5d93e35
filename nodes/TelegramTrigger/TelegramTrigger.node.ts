import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	botIdOf,
	handleTelegramWebhook,
	SUBSCRIBED_UPDATES,
	TelegramClient,
	webhookSecretToken,
	type TelegramCredentials,
} from '../shared/channels/telegram';
import { STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';
import { answerWebhook, notice } from '../node-kit/channelNodes';
import { BATCH_LIMIT_FIELD, WEBHOOK_TRIGGER_VERSIONS } from '../node-kit/webhook';

const CREDENTIAL = 'contactCenterTelegramApi';

async function botClient(ctx: IHookFunctions | IWebhookFunctions) {
	const credentials = (await ctx.getCredentials(CREDENTIAL)) as unknown as TelegramCredentials;
	return { credentials, client: new TelegramClient(credentials.accessToken, credentials.baseUrl) };
}

export class TelegramTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Telegram Channel Trigger',
		name: 'telegramChannelTrigger',
		icon: { light: 'file:telegram.svg', dark: 'file:telegram.dark.svg' },
		group: ['trigger'],
		...WEBHOOK_TRIGGER_VERSIONS,
		subtitle: 'Customer messages',
		description:
			'Starts the workflow when a customer writes to your Telegram bot. Registers the bot’s webhook when the workflow is published and removes it when unpublished.',
		defaults: { name: 'Telegram Channel Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'contactCenterTelegramApi', required: true }, STORE_CREDENTIAL_REF],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'telegram' }],
		properties: [
			notice(
				'A bot has one webhook: use one trigger per bot token. Updates are checked against a secret derived from the token, and a repeated update is processed once.',
			),
			{
				displayName: 'Drop Pending Updates on Publish',
				name: 'dropPendingUpdates',
				type: 'boolean',
				default: false,
				description: 'Whether to discard the messages Telegram queued while no webhook was set',
			},
			BATCH_LIMIT_FIELD,
		],
	};

	methods = { credentialTest: storeCredentialTest };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const { client } = await botClient(this);
				const info = await client.getWebhookInfo();
				// A webhook set by an older version of the pack lacks update kinds added since: set it again.
				return info.url === this.getNodeWebhookUrl('default') && SUBSCRIBED_UPDATES.every((kind) => info.allowed_updates?.includes(kind));
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const { credentials, client } = await botClient(this);
				await client.setWebhook({
					url: this.getNodeWebhookUrl('default')!,
					secretToken: webhookSecretToken(credentials.accessToken),
					allowedUpdates: SUBSCRIBED_UPDATES,
					dropPendingUpdates: this.getNodeParameter('dropPendingUpdates') as boolean,
				});
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const { client } = await botClient(this);
				await client.deleteWebhook();
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return answerWebhook<TelegramCredentials>(this, CREDENTIAL, (req, { accessToken }) =>
			handleTelegramWebhook(req, { botId: botIdOf(accessToken), secretToken: webhookSecretToken(accessToken) }),
		);
	}
}
