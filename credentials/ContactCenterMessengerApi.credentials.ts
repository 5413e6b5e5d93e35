import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

export class ContactCenterMessengerApi implements ICredentialType {
	name = 'contactCenterMessengerApi';

	displayName = 'Facebook Messenger (Contact Center)';

	icon = 'file:messenger.svg' as const;

	documentationUrl = 'https://developers.facebook.com/docs/messenger-platform/getting-started';

	properties: INodeProperties[] = [
		{
			displayName: 'Page Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'A page access token with pages_messaging permission',
		},
		{
			displayName: 'Page ID',
			name: 'pageId',
			type: 'string',
			default: '',
			required: true,
			description: 'The Facebook page customers write to; deliveries for the app’s other pages are skipped',
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'App settings › Basic › App Secret: checks that webhook deliveries come from Meta',
		},
		{
			displayName: 'Verify Token',
			name: 'verifyToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Any string you choose; type the same into the app dashboard’s webhook settings',
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'string',
			default: 'v21.0',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://graph.facebook.com',
			description: 'Change only to reach a proxy or a test server',
		},
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}/{{$credentials.apiVersion}}',
			url: '/me',
			qs: { access_token: '={{$credentials.accessToken}}' },
		},
	};
}
