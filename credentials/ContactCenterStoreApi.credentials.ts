import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * Where the contact center keeps customers, conversations, queues and models. The embedded
 * SQLite file needs nothing installed; PostgreSQL is for n8n in queue mode with several workers.
 */
export class ContactCenterStoreApi implements ICredentialType {
	name = 'contactCenterStoreApi';

	displayName = 'Contact Center Store';

	icon = 'file:contactCenter.svg' as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-contact-center#the-store';

	properties: INodeProperties[] = [
		{
			displayName: 'Database',
			name: 'backend',
			type: 'options',
			options: [
				{
					name: 'Embedded (SQLite)',
					value: 'sqlite',
					description: 'A file in n8n’s user folder. Nothing to install. One n8n process.',
				},
				{
					name: 'PostgreSQL',
					value: 'postgres',
					description: 'Needed when n8n runs in queue mode with several workers',
				},
			],
			default: 'sqlite',
		},
		{
			displayName: 'SQLite File',
			name: 'sqliteFile',
			type: 'string',
			default: '',
			placeholder: '/home/node/.n8n/contact-center.sqlite',
			description: 'Leave empty to use contact-center.sqlite in n8n’s user folder',
			displayOptions: { show: { backend: ['sqlite'] } },
		},
		{
			displayName: 'Host',
			name: 'host',
			type: 'string',
			default: '127.0.0.1',
			displayOptions: { show: { backend: ['postgres'] } },
		},
		{
			displayName: 'Port',
			name: 'port',
			type: 'number',
			default: 5432,
			displayOptions: { show: { backend: ['postgres'] } },
		},
		{
			displayName: 'Database Name',
			name: 'database',
			type: 'string',
			default: 'postgres',
			displayOptions: { show: { backend: ['postgres'] } },
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: 'postgres',
			displayOptions: { show: { backend: ['postgres'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { backend: ['postgres'] } },
		},
		{
			displayName: 'Schema',
			name: 'schema',
			type: 'string',
			default: 'contact_center',
			description: 'The contact center’s tables live in this schema, created if missing',
			displayOptions: { show: { backend: ['postgres'] } },
		},
		{
			displayName: 'Connections',
			name: 'connections',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 10,
			description:
				'Connections each n8n process keeps open to the database at most. Set it to the number of executions a process runs at once (a worker’s concurrency): fewer make executions wait for a connection. Mind PostgreSQL’s max_connections across all processes. A change applies from n8n’s next start.',
			displayOptions: { show: { backend: ['postgres'] } },
		},
		{
			displayName: 'Use SSL',
			name: 'ssl',
			type: 'boolean',
			default: false,
			displayOptions: { show: { backend: ['postgres'] } },
		},
	];
}
