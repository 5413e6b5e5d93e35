import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * One support mailbox: read over IMAP by the E-mail Channel Trigger, sent from over SMTP by the
 * E-mail Channel node. Tested by logging in to both servers (the trigger node's credential test).
 */
export class ContactCenterEmailApi implements ICredentialType {
	name = 'contactCenterEmailApi';

	displayName = 'E-mail Mailbox (Contact Center)';

	icon = 'file:email.svg' as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-contact-center#e-mail';

	properties: INodeProperties[] = [
		{
			displayName: 'Support Address',
			name: 'fromAddress',
			type: 'string',
			placeholder: 'support@example.com',
			default: '',
			required: true,
			description: 'The address customers write to; replies are sent from it',
		},
		{
			displayName: 'Sender Name',
			name: 'fromName',
			type: 'string',
			default: '',
			placeholder: 'Acme Support',
			description: 'The name customers see next to the address',
		},
		{
			displayName: 'IMAP Host',
			name: 'imapHost',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'imap.example.com',
		},
		{ displayName: 'IMAP Port', name: 'imapPort', type: 'number', default: 993 },
		{
			displayName: 'IMAP SSL/TLS',
			name: 'imapSecure',
			type: 'boolean',
			default: true,
			description: 'Whether to connect with TLS from the start (port 993); otherwise STARTTLS is used when offered',
		},
		{ displayName: 'IMAP User', name: 'imapUser', type: 'string', default: '', required: true },
		{
			displayName: 'IMAP Password',
			name: 'imapPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Folder',
			name: 'mailbox',
			type: 'string',
			default: 'INBOX',
			description: 'The folder customers’ mail arrives in',
		},
		{
			displayName: 'SMTP Host',
			name: 'smtpHost',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'smtp.example.com',
		},
		{ displayName: 'SMTP Port', name: 'smtpPort', type: 'number', default: 465 },
		{
			displayName: 'SMTP SSL/TLS',
			name: 'smtpSecure',
			type: 'boolean',
			default: true,
			description: 'Whether to connect with TLS from the start (port 465); otherwise STARTTLS is used when offered (587)',
		},
		{
			displayName: 'SMTP User',
			name: 'smtpUser',
			type: 'string',
			default: '',
			description: 'Leave empty for a relay that accepts mail without logging in',
		},
		{
			displayName: 'SMTP Password',
			name: 'smtpPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
	];
}
