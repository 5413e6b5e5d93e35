import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

export class ContactCenterLlmApi implements ICredentialType {
	name = 'contactCenterLlmApi';

	displayName = 'LLM API (Contact Center)';

	icon = 'file:llm.svg' as const;

	documentationUrl = 'https://platform.openai.com/docs/api-reference/chat';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.openai.com/v1',
			required: true,
			description: 'Any OpenAI-compatible API, up to and including its version path (e.g. a local server’s http://127.0.0.1:11434/v1)',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Model',
			name: 'model',
			type: 'string',
			default: 'gpt-4o-mini',
			required: true,
			description: 'The model name the API knows',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } },
	};

	test: ICredentialTestRequest = {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/models' },
	};
}
