import { randomUUID } from 'node:crypto';

import { createTransport } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';

import type { OutboundMessage } from '../../envelope';
import { paced } from '../common/rateLimit';
import { DEFAULT_RETRY, sendWithRetry, type AttemptOutcome, type RetryPolicy } from '../common/retry';
import type { ChannelSender, SendResult } from '../types';
import { smtpAccountOf, smtpOptions, type EmailCredentials } from './credentials';
import { replyReferences, replySubject } from './thread';

/**
 * What a reply needs beyond the OutboundMessage: the References of the customer's mail (the
 * trigger keeps them in `raw.references`). Without them References is just the In-Reply-To id,
 * which mail clients still thread by, but a deep thread loses its root.
 */
export interface EmailThread {
	references?: string[];
}

export interface EmailSender extends ChannelSender<EmailCredentials> {
	send(credentials: EmailCredentials, message: OutboundMessage, thread?: EmailThread): Promise<SendResult>;
}

/**
 * Sends an OutboundMessage as one mail: plain text with an HTML alternative, attachments fetched
 * from their URLs, threaded under `inReplyTo`. Our Message-ID is made once per message, so every
 * retry carries the same id and a mail the server took just before the connection broke can be
 * recognised as a duplicate by the recipient; it is the externalId returned.
 */
export function createEmailSender(policy: RetryPolicy = DEFAULT_RETRY): EmailSender {
	return {
		channel: 'email',
		async send(credentials, message, thread = {}) {
			const invalid = invalidReason(message);
			if (invalid) return { ok: false, permanent: true, code: 'invalid_message', reason: invalid };

			const mail = composeMail(credentials, message, thread);
			const transport = createTransport(smtpOptions(credentials));
			try {
				return await sendWithRetry(async () => {
					try {
						await paced('email', smtpAccountOf(credentials), () => transport.sendMail(mail));
						return { ok: true, externalIds: [mail.messageId as string] };
					} catch (error) {
						return classify(error);
					}
				}, policy);
			} finally {
				transport.close();
			}
		},
	};
}

export const emailSender = createEmailSender();

function invalidReason(message: OutboundMessage): string | undefined {
	if (!/^[^\s@<>]+@[^\s@<>]+$/.test(message.to)) {
		return `"${message.to}" is not an e-mail address`;
	}
	if (!message.text && !message.attachments.length) return 'The message has neither text nor attachments';
	const urlless = message.attachments.find((a) => !a.url);
	if (urlless) return `An attachment (${urlless.name ?? urlless.type}) has no URL to fetch it from`;
	return undefined;
}

function composeMail(credentials: EmailCredentials, message: OutboundMessage, thread: EmailThread): Mail.Options {
	const domain = credentials.fromAddress.split('@')[1] || 'localhost';
	// Mail has no buttons: the choices become lines the customer can answer with.
	const text = [message.text, ...message.buttons.map((b) => `• ${b.label}`)].filter(Boolean).join('\n');
	const references = replyReferences(thread.references ?? [], message.inReplyTo);
	return {
		from: { name: credentials.fromName ?? '', address: credentials.fromAddress },
		to: message.to,
		subject: message.inReplyTo ? replySubject(message.subject) : message.subject?.trim() || subjectFrom(text),
		text,
		html: textToHtml(text),
		messageId: `<${randomUUID()}@${domain}>`,
		inReplyTo: message.inReplyTo,
		references: references.length ? references : undefined,
		attachments: message.attachments.map((a) => ({ filename: a.name, path: a.url })),
	};
}

/** Longest subject made from a text's first line; mail programs show about this much. */
const SUBJECT_LENGTH = 78;

/**
 * A subject for a mail nobody gave one (a proactive notice: "Your order 4512 has shipped"): its
 * first line, cut at a word. A mail without a subject looks like spam to filters and to people.
 */
export function subjectFrom(text: string): string {
	const line = text.split('\n').map((l) => l.trim()).find(Boolean) ?? '';
	if (line.length <= SUBJECT_LENGTH) return line;
	const cut = line.slice(0, SUBJECT_LENGTH - 1);
	return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), SUBJECT_LENGTH / 2)).trimEnd()}…`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The same text as HTML, escaped so that nothing the operator typed can become markup. */
export function textToHtml(text: string): string {
	const escaped = text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]).replace(/\r?\n/g, '<br>\n');
	return `<!doctype html><html><body><div style="white-space: pre-wrap">${escaped}</div></body></html>`;
}

/** Failures that say nothing about the mail itself: the server or the way to it is away for now. */
const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE']);

interface SmtpError {
	code?: string;
	responseCode?: number;
	response?: string;
	message?: string;
}

/** SMTP 4xx is "try again later", 5xx "never"; what each 5xx means for the customer's address. */
export function classify(error: unknown): AttemptOutcome {
	const { code, responseCode, response, message } = (error ?? {}) as SmtpError;
	const reason = response || message || String(error);
	if (typeof responseCode === 'number' && responseCode >= 400 && responseCode < 500) {
		return { ok: false, transient: true, code: 'temporary_failure', reason };
	}
	if (typeof responseCode === 'number' && responseCode >= 500) {
		return { ok: false, permanent: true, code: permanentCode(responseCode, code), reason };
	}
	if (code && CONNECTION_CODES.has(code)) return { ok: false, transient: true, code: 'network', reason };
	return { ok: false, permanent: true, code: code === 'EAUTH' ? 'auth_failed' : 'bad_request', reason };
}

function permanentCode(responseCode: number, code: string | undefined): string {
	if (code === 'EAUTH' || [530, 534, 535].includes(responseCode)) return 'auth_failed';
	// 550 mailbox unavailable, 551 user not local, 553 mailbox name not allowed: the address is dead.
	if ([550, 551, 553].includes(responseCode)) return 'undeliverable';
	if (responseCode === 552) return 'too_large';
	return 'rejected';
}
