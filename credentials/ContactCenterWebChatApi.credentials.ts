import type { ICredentialType, INodeProperties } from 'n8n-workflow';

export class ContactCenterWebChatApi implements ICredentialType {
	name = 'contactCenterWebChatApi';

	displayName = 'Web Chat Site (Contact Center)';

	icon = 'file:contactCenter.svg' as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-contact-center#web-chat';

	properties: INodeProperties[] = [
		{
			displayName: 'Site Key',
			name: 'siteKey',
			type: 'string',
			default: '',
			description:
				'Any random text of 24 characters or more. Your site’s widget tag carries it (data-site-key) and the chat sends it with every call; calls without it are refused. Empty: not asked for.',
		},
		{
			displayName: 'Customer Identity Secret',
			name: 'identitySecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'24 characters or more, known only to your site’s backend and n8n. The backend signs a logged-in customer’s ID with it (HMAC-SHA256, hex) and the chat joins that customer’s card; see the README. Empty: no signed customers.',
		},
		{
			displayName: 'Signatures Must Expire',
			name: 'requireExpiry',
			type: 'boolean',
			default: false,
			description:
				'Whether to take only customer signatures that carry their own end (data-expires, Unix seconds, signed with the ID; see the README). A signature copied out of a page then stops working at that time.',
		},
	];
}
