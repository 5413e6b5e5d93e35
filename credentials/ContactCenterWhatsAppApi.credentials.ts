import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { GRAPH_API_FIELDS, META_WEBHOOK_FIELDS } from './metaFields';

export class ContactCenterWhatsAppApi implements ICredentialType {
	name = 'contactCenterWhatsAppApi';

	displayName = 'WhatsApp Business Cloud (Contact Center)';

	icon = 'file:whatsapp.svg' as const;

	documentationUrl = 'https://developers.facebook.com/docs/whatsapp/cloud-api/get-started';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'A system user’s permanent token with whatsapp_business_messaging permission',
		},
		{
			displayName: 'Phone Number ID',
			name: 'phoneNumberId',
			type: 'string',
			default: '',
			required: true,
			description: 'The ID of the business phone number (WhatsApp › API Setup), not the number itself',
		},
		...META_WEBHOOK_FIELDS,
		{
			displayName: 'Template Name',
			name: 'templateName',
			type: 'string',
			default: '',
			description:
				'An approved template of the Utility category with one body parameter, sent with the text as that parameter when the customer last wrote more than 24 hours ago: replies and service notices. Without it such messages fail with "outside_window". Offers never use it: Notify Customers sends them in its own WhatsApp Marketing Template.',
		},
		{
			displayName: 'Template Language',
			name: 'templateLanguage',
			type: 'string',
			default: 'en',
			placeholder: 'en_US',
			description: 'The language code the template was approved in',
		},
		...GRAPH_API_FIELDS,
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}/{{$credentials.apiVersion}}',
			url: '=/{{$credentials.phoneNumberId}}',
			headers: { Authorization: '=Bearer {{$credentials.accessToken}}' },
		},
	};
}
