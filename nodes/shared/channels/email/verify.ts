import { createTransport } from 'nodemailer';

import { smtpOptions, type EmailCredentials } from './credentials';
import { verifyMailbox } from './inbound';

/**
 * Logs in to both servers the channel uses, so that a credential that reads but cannot send (or
 * the other way round) is caught when it is saved, not at the first customer's mail.
 */
export async function verifyEmailCredentials(credentials: EmailCredentials): Promise<{ ok: boolean; message: string }> {
	try {
		await verifyMailbox(credentials);
	} catch (error) {
		return { ok: false, message: `IMAP: ${describe(error)}` };
	}
	const transport = createTransport(smtpOptions(credentials));
	try {
		await transport.verify();
	} catch (error) {
		return { ok: false, message: `SMTP: ${describe(error)}` };
	} finally {
		transport.close();
	}
	return { ok: true, message: 'Logged in to IMAP and SMTP' };
}

function describe(error: unknown): string {
	const { responseText, response, message } = error as { responseText?: string; response?: string; message?: string };
	return responseText || response || message || String(error);
}
