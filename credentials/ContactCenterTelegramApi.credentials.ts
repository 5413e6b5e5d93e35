import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

export class ContactCenterTelegramApi implements ICredentialType {
	name = 'contactCenterTelegramApi';

	displayName = 'Telegram Bot (Contact Center)';

	icon = 'file:telegram.svg' as const;

	documentationUrl = 'https://core.telegram.org/bots#how-do-i-create-a-bot';

	properties: INodeProperties[] = [
		{
			displayName: 'Bot Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: '123456789:AAE…',
			description: 'The token @BotFather gave when the bot was created',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.telegram.org',
			description: 'Change only for a self-hosted Bot API server',
		},
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '=/bot{{$credentials.accessToken}}/getMe',
		},
	};
}
