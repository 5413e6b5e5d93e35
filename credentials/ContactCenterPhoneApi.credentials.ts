import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

export class ContactCenterPhoneApi implements ICredentialType {
	name = 'contactCenterPhoneApi';

	displayName = 'Phone Platform (Contact Center)';

	icon = 'file:phone.svg' as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-contact-center#phone';

	properties: INodeProperties[] = [
		{
			displayName: 'Platform',
			name: 'platform',
			type: 'options',
			options: [
				{ name: 'Twilio Voice', value: 'twilio' },
				{ name: 'Zadarma', value: 'zadarma' },
				{ name: 'Any PBX or Voice Bot (Signed JSON)', value: 'generic' },
			],
			default: 'twilio',
		},
		{
			displayName: 'Account SID',
			name: 'accountSid',
			type: 'string',
			default: '',
			description: 'From the Twilio console; used to check the credential',
			displayOptions: { show: { platform: ['twilio'] } },
		},
		{
			displayName: 'Auth Token',
			name: 'authToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Twilio signs every callback with it (X-Twilio-Signature); calls not signed with it are refused',
			displayOptions: { show: { platform: ['twilio'] } },
		},
		{
			displayName: 'API Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Zadarma: the API secret from Settings › API (it signs notifications). Any PBX: a long random secret you also give the PBX, which signs each event with it.',
			displayOptions: { show: { platform: ['zadarma', 'generic'] } },
		},
		{
			displayName: 'Twilio API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.twilio.com',
			description: 'Change only to point at a test server',
			displayOptions: { show: { platform: ['twilio'] } },
		},
	];

	// Only Twilio has an API to ask; Zadarma's and a PBX's secret can only be checked by their calls.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '=/2010-04-01/Accounts/{{$credentials.accountSid}}.json',
			auth: { username: '={{$credentials.accountSid}}', password: '={{$credentials.authToken}}' },
		},
	};
}
