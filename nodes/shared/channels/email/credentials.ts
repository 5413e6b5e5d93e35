import type { ImapFlowOptions } from 'imapflow';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

/** The "E-mail (Contact Center)" credential: one support mailbox, read over IMAP and sent from over SMTP. */
export interface EmailCredentials {
	imapHost: string;
	imapPort: number;
	/** Implicit TLS (port 993); otherwise STARTTLS is used when the server offers it. */
	imapSecure: boolean;
	imapUser: string;
	imapPassword: string;
	/** The folder customers' mail arrives in; INBOX when empty. */
	mailbox?: string;
	smtpHost: string;
	smtpPort: number;
	/** Implicit TLS (port 465); otherwise STARTTLS when offered (587). */
	smtpSecure: boolean;
	/** Empty when the relay accepts mail without logging in. */
	smtpUser?: string;
	smtpPassword?: string;
	fromAddress: string;
	fromName?: string;
}

const TIMEOUT_MS = 30_000;

export const mailboxOf = (credentials: EmailCredentials) => credentials.mailbox || 'INBOX';

/** Our account in the envelope: the support address customers write to. */
export const accountOf = (credentials: EmailCredentials) => (credentials.fromAddress || credentials.imapUser).toLowerCase();

/**
 * Whose UIDs a watermark counts: UIDs are numbered per folder of one login on one server, so two
 * credentials reading the same folder share a watermark and two folders never do.
 */
export const watermarkKeyOf = (credentials: EmailCredentials) =>
	`imap://${credentials.imapUser}@${credentials.imapHost.toLowerCase()}:${credentials.imapPort}/${mailboxOf(credentials)}`;

export function imapOptions(credentials: EmailCredentials): ImapFlowOptions {
	return {
		host: credentials.imapHost,
		port: Number(credentials.imapPort),
		secure: Boolean(credentials.imapSecure),
		auth: { user: credentials.imapUser, pass: credentials.imapPassword },
		logger: false,
		// A poll opens, reads and closes; IDLE between commands would only hold the connection open.
		disableAutoIdle: true,
		connectionTimeout: TIMEOUT_MS,
		socketTimeout: TIMEOUT_MS,
	};
}

/** What an SMTP provider counts a sending rate against: the login on that server (the sender address for a relay without one). */
export const smtpAccountOf = (credentials: EmailCredentials) =>
	`smtp://${credentials.smtpUser || credentials.fromAddress}@${credentials.smtpHost.toLowerCase()}:${credentials.smtpPort}`;

export function smtpOptions(credentials: EmailCredentials): SMTPTransport.Options {
	return {
		host: credentials.smtpHost,
		port: Number(credentials.smtpPort),
		secure: Boolean(credentials.smtpSecure),
		auth: credentials.smtpUser ? { user: credentials.smtpUser, pass: credentials.smtpPassword ?? '' } : undefined,
		connectionTimeout: TIMEOUT_MS,
		greetingTimeout: TIMEOUT_MS,
		socketTimeout: TIMEOUT_MS,
	};
}
