import { randomUUID } from 'node:crypto';

import MailComposer from 'nodemailer/lib/mail-composer';

/** A customer's mail as their client writes it and the receiving MTA stamps it. */
export interface CustomerMail {
	from: { name: string; address: string };
	to?: string;
	subject: string;
	text: string;
	html?: string;
	/** Defaults to a fresh id at the customer's domain. */
	messageId?: string;
	inReplyTo?: string;
	references?: string[];
	attachments?: Array<{ filename: string; contentType: string; content: Buffer }>;
	date?: Date;
}

export const newMessageId = (domain: string) => `<${randomUUID()}@${domain}>`;

/** The raw RFC 5322 bytes (multipart when it has HTML or attachments), and the Message-ID it carries. */
export async function composeMail(mail: CustomerMail): Promise<{ raw: Buffer; messageId: string }> {
	const messageId = mail.messageId ?? newMessageId(mail.from.address.split('@')[1]);
	const date = mail.date ?? new Date();
	const raw = await new MailComposer({
		from: mail.from,
		to: mail.to ?? 'Acme Support <support@acme.test>',
		subject: mail.subject,
		text: mail.text,
		html: mail.html,
		messageId,
		inReplyTo: mail.inReplyTo,
		references: mail.references,
		attachments: mail.attachments,
		date,
		headers: {
			Received: `from mail.example.net (mail.example.net [198.51.100.7]) by mx.acme.test with ESMTPS id 4Xyz; ${date.toUTCString()}`,
			'User-Agent': 'Mozilla Thunderbird',
		},
	})
		.compile()
		.build();
	return { raw, messageId };
}
