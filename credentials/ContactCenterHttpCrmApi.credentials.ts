import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { crmAuthHeaders, type HttpCrmCredential } from '../nodes/shared/customers/crm/credential';

/**
 * Any CRM with a REST API (amoCRM, Bitrix24, HubSpot, an in-house one): its base URL and how it
 * authenticates. What to ask it and how to read the answer is set on the Customer Lookup node.
 */
export class ContactCenterHttpCrmApi implements ICredentialType {
	name = 'contactCenterHttpCrmApi';

	displayName = 'HTTP CRM (Contact Center)';

	icon = 'file:crm.svg' as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-contact-center#customer-lookup';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://example.amocrm.ru',
		},
		{
			displayName: 'Authentication',
			name: 'authType',
			type: 'options',
			options: [
				{ name: 'None', value: 'none' },
				{ name: 'Bearer Token', value: 'bearer' },
				{ name: 'Header', value: 'header', description: 'A header of your choice, such as X-API-Key' },
				{ name: 'Basic Auth', value: 'basic' },
			],
			default: 'bearer',
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authType: ['bearer'] } },
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: 'X-API-Key',
			displayOptions: { show: { authType: ['header'] } },
		},
		{
			displayName: 'Header Value',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authType: ['header'] } },
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			displayOptions: { show: { authType: ['basic'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authType: ['basic'] } },
		},
		{
			displayName: 'Test Path',
			name: 'testPath',
			type: 'string',
			default: '/',
			description: 'A path under the base URL that answers 2xx to an authenticated GET, to check the credential',
			placeholder: '/api/v4/account',
		},
	];

	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, ...crmAuthHeaders(credentials as unknown as HttpCrmCredential) },
		};
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '={{$credentials.testPath}}',
		},
	};
}
