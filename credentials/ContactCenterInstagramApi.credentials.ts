import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { GRAPH_API_FIELDS, META_WEBHOOK_FIELDS } from './metaFields';

export class ContactCenterInstagramApi implements ICredentialType {
	name = 'contactCenterInstagramApi';

	displayName = 'Instagram Direct (Contact Center)';

	icon = 'file:instagram.svg' as const;

	documentationUrl = 'https://developers.facebook.com/docs/messenger-platform/instagram';

	properties: INodeProperties[] = [
		{
			displayName: 'Page Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The token of the Facebook page linked to the Instagram account, with instagram_manage_messages permission',
		},
		{
			displayName: 'Page ID',
			name: 'pageId',
			type: 'string',
			default: '',
			description: 'The Facebook page linked to the Instagram account: messages are sent through it (Facebook login). Leave empty to send through /me/messages.',
		},
		{
			displayName: 'Instagram Account ID',
			name: 'igAccountId',
			type: 'string',
			default: '',
			required: true,
			description: 'The Instagram professional account’s ID, which Meta names in every webhook; deliveries for other accounts are skipped',
		},
		...META_WEBHOOK_FIELDS,
		...GRAPH_API_FIELDS,
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}/{{$credentials.apiVersion}}',
			url: '/me',
			qs: { access_token: '={{$credentials.accessToken}}' },
		},
	};
}
