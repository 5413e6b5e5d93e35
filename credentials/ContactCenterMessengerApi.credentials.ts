import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { GRAPH_API_FIELDS, META_WEBHOOK_FIELDS } from './metaFields';

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
