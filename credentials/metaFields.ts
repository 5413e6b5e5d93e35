import type { INodeProperties } from 'n8n-workflow';

/** What Meta's webhooks need, the same for WhatsApp, Messenger and Instagram. */
export const META_WEBHOOK_FIELDS: INodeProperties[] = [
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
];

/** Where the Graph API is, the same for the three Meta channels. */
export const GRAPH_API_FIELDS: INodeProperties[] = [
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
