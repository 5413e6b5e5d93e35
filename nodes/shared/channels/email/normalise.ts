import type { AddressObject, ParsedMail } from 'mailparser';

import type { Attachment, InboundMessage } from '../../envelope';
import { isPlausibleTime } from '../common/time';
import { fromIsAuthenticated } from './authResults';
import { automaticKind, bouncedThread } from './automatic';
import { stripQuotedReply } from './quote';
import { messageIds, threadRoot } from './thread';

/** Where a mail was found: UIDs are only meaningful with their folder's UIDVALIDITY. */
export interface MailLocation {
	account: string;
	mailbox: string;
	uidValidity: number;
	uid: number;
	/** When the server received it (IMAP INTERNALDATE), which the sender cannot forge. */
	receivedAt?: Date;
}

/** The headers a reply needs, kept in `raw` (the envelope's externalId is the UID, not the Message-ID). */
export interface EmailRaw {
	mailbox: string;
	uidValidity: number;
	uid: number;
	messageId?: string;
	inReplyTo?: string;
	references: string[];
	from?: string;
	replyTo?: string;
	to?: string;
	cc?: string;
	date?: string;
	/** The receiving server found the From address genuine (SPF, DKIM or DMARC pass for its
	 * domain): only then may the mail change the customer's consent. */
	fromAuthenticated: boolean;
}

/**
 * One parsed mail as the envelope. The externalId is `<UIDVALIDITY>:<UID>`, unique in the folder
 * for good, whereas Message-IDs repeat (resent mail, careless senders). The conversation is the
 * thread root, so every reply in a thread lands in one conversation. A bounce is filed under the
 * address that failed and the thread of the mail it returns, so that it shows beside them.
 */
export function normaliseMail(mail: ParsedMail, where: MailLocation): InboundMessage {
	const externalId = `${where.uidValidity}:${where.uid}`;
	const automatic = automaticKind(mail);
	const from = firstAddress(mail.from) ?? firstAddress(mail.headers.get('sender') as AddressObject | undefined);
	const replyTo = firstAddress(mail.replyTo)?.address?.toLowerCase();
	const failed = automatic?.kind === 'bounce' ? automatic.failedRecipients?.[0] : undefined;
	const address = failed ?? from?.address?.toLowerCase();
	const references = messageIds(mail.references);
	const inReplyTo = messageIds(mail.inReplyTo)[0];
	const messageId = messageIds(mail.messageId)[0];
	const raw: EmailRaw = {
		mailbox: where.mailbox,
		uidValidity: where.uidValidity,
		uid: where.uid,
		messageId,
		inReplyTo,
		references,
		from: mail.from?.text,
		replyTo: mail.replyTo?.text,
		to: addressText(mail.to),
		cc: addressText(mail.cc),
		date: validDate(mail.date)?.toISOString(),
		fromAuthenticated: fromIsAuthenticated(topmostHeader(mail, 'authentication-results'), from?.address),
	};
	return {
		channel: 'email',
		account: where.account,
		externalId,
		// What later mail names this one by: the UID keys the delivery, the Message-ID the mail.
		...(messageId ? { messageId } : {}),
		conversationKey: (automatic?.kind === 'bounce' && bouncedThread(mail)) || threadRoot(references, inReplyTo, messageId) || externalId,
		sender: {
			// Mails without a usable From are each their own sender: one shared id would merge strangers.
			id: address || `no-address:${messageId ?? externalId}`,
			name: (!failed && from?.name) || undefined,
			email: address || undefined,
			...(replyTo && replyTo !== address && !automatic ? { replyTo } : {}),
		},
		text: textOf(mail),
		attachments: mail.attachments.map(
			(a): Attachment => ({
				type: attachmentType(mimeOf(a.contentType)),
				name: a.filename,
				mimeType: mimeOf(a.contentType),
				size: a.size,
			}),
		),
		inReplyTo,
		subject: mail.subject,
		receivedAt: (where.receivedAt ?? validDate(mail.date) ?? new Date()).toISOString(),
		...(automatic ? { automatic } : {}),
		raw,
	};
}

/**
 * What a customer forwards (an order confirmation, the bank's letter, a colleague's complaint) is
 * the matter itself, not history: Outlook writes it under the same From/Sent block as a reply's
 * quote, so the subject tells them apart. A reply to a forward ("Re: Fwd:") is a reply.
 */
const FORWARD_SUBJECT = /^\s*(fwd?|wg|tr|rv|enc|i|pd|doorst|vs|пересл|пересылка)\s*:/i;

function textOf(mail: ParsedMail): string {
	const text = withoutInlineImages(mail.text ?? '');
	return shortened(FORWARD_SUBJECT.test(mail.subject ?? '') ? text.trim() : stripQuotedReply(text));
}

/**
 * The most of a mail's text kept with the conversation. A customer who pastes a long log still
 * wrote to be answered: the mail is kept, cut here with a note, and the whole of it stays in the
 * mailbox (a message over the store's limit would be refused as a whole).
 */
export const MAX_MAIL_TEXT = 64 * 1024;

const shortened = (text: string) =>
	text.length <= MAX_MAIL_TEXT ? text : `${text.slice(0, MAX_MAIL_TEXT)}\n\n[… ${text.length - MAX_MAIL_TEXT} more characters: the whole mail is in the mailbox]`;

/**
 * Outlook's text part and HTML turned into text name each inline picture by its part,
 * "[cid:image001.png@01D2…]": nothing a reader can use, and the picture is among the attachments.
 */
const withoutInlineImages = (text: string) => text.replace(/\[cid:[^\]\s]*\]/gi, '');

/**
 * A Date header that does not parse gives an invalid Date, which would throw when written out, and
 * one in year 27576 writes out as no ISO time the envelope accepts: both count as no date.
 */
const validDate = (date: Date | undefined) => (date && isPlausibleTime(date) ? date : undefined);

function topmostHeader(mail: ParsedMail, key: string): string | undefined {
	const line = mail.headerLines?.find((header) => header.key === key)?.line;
	return line?.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ');
}

function firstAddress(from: AddressObject | undefined) {
	return from?.value.find((a) => a.address);
}

function addressText(value: AddressObject | AddressObject[] | undefined): string | undefined {
	if (!value) return undefined;
	return (Array.isArray(value) ? value : [value]).map((a) => a.text).join(', ');
}

/** mailparser leaves the type of a part with a broken Content-Type line as something other than text. */
const mimeOf = (contentType: unknown) => (typeof contentType === 'string' ? contentType : 'application/octet-stream');

function attachmentType(mime: string): Attachment['type'] {
	const kind = mime.split('/')[0];
	if (kind === 'image') return 'image';
	if (kind === 'audio') return 'audio';
	if (kind === 'video') return 'video';
	return 'file';
}
