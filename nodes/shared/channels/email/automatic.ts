import type { AddressObject, ParsedMail } from 'mailparser';

import type { Automatic } from '../../envelope';
import { messageIds, threadRoot } from './thread';

/*
 * Mail no person wrote to us just now, by what it says about itself. A bounce is checked first:
 * many carry Auto-Submitted too, and what matters about them is the address that failed.
 */

const DAEMON = /^(mailer-daemon|mail-daemon|mailerdaemon)@/i;
const POSTMASTER = /^postmaster@/i;
const BOUNCE_SUBJECT =
	/^(undeliverable|undelivered mail|delivery status notification|returned mail|mail delivery failed|failure notice|delivery failure|non remis|non-remise|недоставленное сообщение|не доставлено|ваше сообщение не доставлено)/i;

/**
 * Out-of-office subjects as responders write them: the phrase, then a colon and the subject they
 * answer ("Automatic reply: Order 4512"), or nothing else. English, Russian, Ukrainian, French, and
 * what Outlook and Gmail write in other European languages. A customer's own subject may start
 * with the same words ("On vacation next week - can I pause my plan?"), without the colon.
 */
const AUTO_REPLY_SUBJECT = new RegExp(
	'^\\s*(' +
		[
			'auto(matic)?[ -]?(reply|response)',
			'autoreply',
			'out of (the )?office(?! hours)',
			'away from (the )?office',
			'on vacation',
			'автоответ',
			'автоматический ответ',
			'вне офиса',
			'нет на месте',
			'в отпуске',
			'автовідповідь',
			'автоматична відповідь',
			'поза офісом',
			'у відпустці',
			'réponse automatique',
			'absen(t|ce) du bureau',
			"message d['’]absence",
			// Outlook's and Gmail's own words in the languages of European customers who write in English.
			'abwesenheitsnotiz',
			'automatische antwort',
			'respuesta automática',
			'fuera de la oficina',
			'risposta automatica',
			'fuori (sede|ufficio)',
			'odpowiedź automatyczna',
			'poza biurem',
			'automatisch antwoord',
			'afwezigheidsbericht',
			'resposta automática',
			'fora do escritório',
		].join('|') +
		')\\s*(:|$)',
	'i',
);

const header = (mail: ParsedMail, key: string): string | undefined => {
	const value = mail.headers.get(key) as unknown;
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string') return value;
	if (typeof value === 'object' && 'value' in (value as object)) {
		const { value: main, params } = value as { value: string; params?: Record<string, string> };
		return [main, ...Object.entries(params ?? {}).map(([k, v]) => `${k}=${v}`)].join('; ');
	}
	return String(value);
};

/** The kind of automatic mail this is, with what gave it away; undefined when a person wrote it. */
export function automaticKind(mail: ParsedMail): Automatic | undefined {
	return bounce(mail) ?? autoReply(mail) ?? listPost(mail);
}

function bounce(mail: ParsedMail): Automatic | undefined {
	const from = mail.from?.value[0]?.address ?? '';
	const contentType = header(mail, 'content-type') ?? '';
	const failed = header(mail, 'x-failed-recipients');
	const subject = mail.subject ?? '';
	let reason: string | undefined;
	if (/multipart\/report/i.test(contentType) && /report-type=delivery-status/i.test(contentType)) {
		reason = 'Content-Type: multipart/report; report-type=delivery-status';
	} else if (failed) reason = `X-Failed-Recipients: ${failed}`;
	else if (DAEMON.test(from)) reason = `From: ${from}`;
	else if (POSTMASTER.test(from) && BOUNCE_SUBJECT.test(subject)) reason = `From: ${from}, Subject: ${subject}`;
	if (!reason) return undefined;
	const report = deliveryStatus(mail);
	const recipients = [...new Set([...(failed?.split(',') ?? []), ...report.recipients].map((a) => a.trim().toLowerCase()).filter(Boolean))];
	const returned = returnedMail(mail)?.messageId;
	return {
		kind: 'bounce',
		reason,
		...(recipients.length ? { failedRecipients: recipients } : {}),
		...(report.status ? { status: report.status } : {}),
		...(returned ? { returnedMessageId: returned } : {}),
	};
}

function autoReply(mail: ParsedMail): Automatic | undefined {
	const autoSubmitted = header(mail, 'auto-submitted');
	if (autoSubmitted && !/^\s*no\b/i.test(autoSubmitted)) return { kind: 'auto-reply', reason: `Auto-Submitted: ${autoSubmitted}` };
	for (const key of ['x-autoreply', 'x-autorespond', 'x-autoresponder']) {
		const value = header(mail, key);
		if (value !== undefined) return { kind: 'auto-reply', reason: `${key}: ${value}` };
	}
	const precedence = header(mail, 'precedence')?.trim().toLowerCase();
	if (precedence === 'auto_reply') return { kind: 'auto-reply', reason: 'Precedence: auto_reply' };
	if (/vacation|auto-?reply/i.test(header(mail, 'x-apple-action') ?? '')) return { kind: 'auto-reply', reason: `X-Apple-Action: ${header(mail, 'x-apple-action')}` };
	// Without a header that says so, a subject is taken for a responder's only beside a sign that a
	// machine answered mail: a customer's own first mail may start with the same words.
	if (AUTO_REPLY_SUBJECT.test(mail.subject ?? '') && respondedByMachine(mail)) return { kind: 'auto-reply', reason: `Subject: ${mail.subject}` };
	// Any other report (RFC 6522) is a machine's answer to mail we sent: a read receipt (RFC 8098),
	// an abuse complaint from a feedback loop (RFC 5965).
	const report = /multipart\/report\s*;(?:.*;)?\s*report-type\s*=\s*"?([\w-]+)/i.exec(header(mail, 'content-type') ?? '')?.[1];
	if (report) return { kind: 'auto-reply', reason: `Content-Type: multipart/report; report-type=${report.toLowerCase()}` };
	return undefined;
}

/** Return-Path: <>, which mailparser reads as one address with none in it. */
const emptyReturnPath = (mail: ParsedMail) => {
	const path = mail.headers.get('return-path') as AddressObject | undefined;
	return path !== undefined && Array.isArray(path.value) && path.value.every((a) => !a.address);
};

/**
 * It answers a mail (In-Reply-To, References), came with the empty return path responders send
 * with (RFC 3834 §3.3), or carries what Exchange puts on its out-of-office replies.
 */
const respondedByMachine = (mail: ParsedMail) =>
	messageIds(mail.inReplyTo).length > 0 ||
	messageIds(mail.references).length > 0 ||
	emptyReturnPath(mail) ||
	mail.headers.has('x-ms-exchange-inbox-rules-loop') ||
	mail.headers.has('x-auto-response-suppress');

function listPost(mail: ParsedMail): Automatic | undefined {
	// ezmlm (the lists of php.net, apache.org and qmail sites) writes Mailing-List, not List-Id.
	for (const key of ['list-id', 'list-unsubscribe', 'x-mailing-list', 'mailing-list']) {
		if (mail.headers.has(key)) return { kind: 'list', reason: `${key}: ${header(mail, key)}` };
	}
	const precedence = header(mail, 'precedence')?.trim().toLowerCase();
	if (precedence && ['bulk', 'list', 'junk'].includes(precedence)) return { kind: 'list', reason: `Precedence: ${precedence}` };
	return undefined;
}

/** The parts of a bounce that describe the delivery or carry the returned mail, as text. */
function reportTexts(mail: ParsedMail): string[] {
	const parts = mail.attachments
		.filter((a) => /^(message\/(delivery-status|rfc822|global)|text\/rfc822-headers|message\/global-headers)/i.test(a.contentType))
		.map((a) => a.content.toString('utf8'));
	return [...parts, mail.text ?? ''];
}

/** The failed addresses and the status a delivery report names (RFC 3464). */
function deliveryStatus(mail: ParsedMail): { recipients: string[]; status?: string } {
	const text = reportTexts(mail).join('\n');
	// Original-Recipient is the address as we wrote it; Final-Recipient may be it after forwarding.
	const recipients = ['Original', 'Final'].flatMap((which) =>
		[...text.matchAll(new RegExp(`^${which}-Recipient:\\s*(?:rfc822;)?\\s*<?([^\\s<>;]+@[^\\s<>;]+)>?`, 'gim'))].map((m) => m[1]),
	);
	const status = /^Status:\s*([245]\.\d{1,3}\.\d{1,3})/im.exec(text)?.[1];
	return { recipients, status };
}

/** The threading headers of the mail a bounce returns, read from the copy it carries. */
function returnedMail(mail: ParsedMail): { messageId: string; references: string[]; inReplyTo?: string } | undefined {
	for (const text of reportTexts(mail)) {
		const headerValue = (name: string) => new RegExp(`^${name}:\\s*((?:.*)(?:\\r?\\n[ \\t].*)*)`, 'im').exec(text)?.[1];
		const messageId = messageIds(headerValue('Message-ID'))[0];
		if (messageId) return { messageId, references: messageIds(headerValue('References')), inReplyTo: messageIds(headerValue('In-Reply-To'))[0] };
	}
	return undefined;
}

/**
 * The thread the returned mail belonged to: our reply carried the conversation's root in
 * References, so the bounce lands in that conversation.
 */
export function bouncedThread(mail: ParsedMail): string | undefined {
	const returned = returnedMail(mail);
	return returned && threadRoot(returned.references, returned.inReplyTo, returned.messageId);
}
