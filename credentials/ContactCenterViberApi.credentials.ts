import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

export class ContactCenterViberApi implements ICredentialType {
	name = 'contactCenterViberApi';

	displayName = 'Viber Bot (Contact Center)';

	icon = 'file:viber.svg' as const;

	documentationUrl = 'https://developers.viber.com/docs/api/rest-bot-api/#authentication-token';

	properties: INodeProperties[] = [
		{
			displayName: 'Auth Token',
			name: 'authToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The token shown in the Viber Admin Panel when the bot was created; it also signs every callback',
		},
		{
			displayName: 'Sender Name',
			name: 'senderName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'Acme Support',
			description: 'Shown as the author of every message the bot sends (Viber shows up to 28 characters)',
		},
		{
			displayName: 'Sender Avatar URL',
			name: 'senderAvatar',
			type: 'string',
			default: '',
			description: 'A picture shown next to the sender name (JPEG, under 100 KB)',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://chatapi.viber.com/pa',
			description: 'Change only to point at a test server',
		},
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/get_account_info',
			method: 'POST',
			headers: { 'X-Viber-Auth-Token': '={{$credentials.authToken}}' },
			body: {},
		},
		// Viber answers every call with HTTP 200 and puts the error in `status`.
		rules: [{ type: 'responseSuccessBody', properties: { key: 'status', value: 2, message: 'Viber refused the auth token (invalidAuthToken)' } }],
	};
}
