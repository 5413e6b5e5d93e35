import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

export class ContactCenterVkApi implements ICredentialType {
	name = 'contactCenterVkApi';

	displayName = 'VK Community (Contact Center)';

	icon = 'file:vk.svg' as const;

	documentationUrl = 'https://dev.vk.com/en/api/access-token/community-token/in-community-settings';

	properties: INodeProperties[] = [
		{
			displayName: 'Community Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Created in the community: Manage → API usage → Access tokens, with the “messages” right',
		},
		{
			displayName: 'Secret Key',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The same secret key as in the community’s Callback API server settings; calls without it are refused',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.vk.com/method',
			description: 'Change only to point at a test server',
		},
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/groups.getById',
			method: 'POST',
			qs: { access_token: '={{$credentials.accessToken}}', v: '5.199' },
		},
		// VK answers every call with HTTP 200 and puts the error in `error`.
		rules: [{ type: 'responseSuccessBody', properties: { key: 'error.error_code', value: 5, message: 'VK refused the access token' } }],
	};
}
