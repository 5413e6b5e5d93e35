/**
 * Mail other people wrote (helpdesk and mail-parser test suites, a bounce collection, a public
 * list archive; sources in test/fixtures/email/MANIFEST.json) read the way the trigger reads a
 * mailbox: what the customer wrote without the quoted history, who sent it, where answers go,
 * which conversation it joins, and whether a person wrote it at all.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { InboundMessageSchema, type Automatic } from '../../../../nodes/shared/envelope';
import { normaliseMail } from '../../../../nodes/shared/channels/email/normalise';
import { parseMail } from '../../../../nodes/shared/channels/email/parse';
import { stripQuotedReply } from '../../../../nodes/shared/channels/email/quote';

const DIR = join(__dirname, '../../../fixtures/email');
const manifest = JSON.parse(readFileSync(join(DIR, 'MANIFEST.json'), 'utf8')) as { entries: Array<{ file: string; source: string; license: string; shows: string }> };

async function read(file: string) {
	const mail = await parseMail(readFileSync(join(DIR, file)));
	return normaliseMail(mail, { account: 'support@acme.test', mailbox: 'INBOX', uidValidity: 7, uid: 1 });
}

interface Expected {
	text: string | RegExp;
	sender: string;
	conversation?: string;
	replyTo?: string;
	automatic?: Partial<Automatic>;
}

const HELLO = { text: 'Hello' };
const customerMail: Record<string, Expected> = {
	'talon/android.eml': { ...HELLO, sender: 'bob@example.com', conversation: '<CAEAsyCZ-sCHxZtoKyM3JmT5gSYpZd5GwY-cVNiV8H329zgJT4g@mail.gmail.com>' },
	'talon/aol.eml': { ...HELLO, sender: 'xxx@aol.com' },
	'talon/apple_mail.eml': { ...HELLO, sender: 'xxx@gmail.com' },
	'talon/apple_mail_2.eml': { ...HELLO, sender: 'adam@tictail.com' },
	'talon/comcast.eml': { ...HELLO, sender: 'xxx@comcast.net' },
	'talon/gmail.eml': { ...HELLO, sender: 'xxx@gmail.com', conversation: '<CAKsfaBW4hj0Gek6TwbR3erng4P1y0CZzJ0d=pXtCNnYnbe7PLg@mail.gmail.com>' },
	'talon/hotmail.eml': { ...HELLO, sender: 'xxx@hotmail.com' },
	'talon/iphone.eml': { text: 'Hello\n\nSent from my iPhone', sender: 'xxx@gmail.com' },
	// No Message-ID at all: the mail is a thread of its own, keyed by where it lies in the folder.
	'talon/outlook.eml': { ...HELLO, sender: 'me@example.com', conversation: '7:1' },
	'talon/sparrow.eml': { text: /^Hello \n\n-- \nxxx\nSent with Sparrow/, sender: 'xxx@gmail.com' },
	'talon/thunderbird.eml': { ...HELLO, sender: 'bob@xxx.mailgun.org', conversation: '<4F79B73C.9030506@xxx.mailgun.org>' },
	'talon/yahoo.eml': { ...HELLO, sender: 'xxx@yahoo.com' },
	'mikel-mail/bad_subject.eml': { text: /^You have a survey waiting!/, sender: 'carol@mysurvey.com', replyTo: 'carol@reply.mysurvey.com' },
	'mikel-mail/attachment_with_encoded_name.eml': {
		text: /^We should not include these files or vcards as attachments\.\n\n---------- Forwarded message ----------\nFrom: .*\n[\s\S]*Test attachments oddly encoded with japanese charset\.$/,
		sender: 'xxxxxxxxx.xxxxxxx@gmail.com',
	},
};

const automaticMail: Record<string, Expected> = {
	'sisimai/rfc3834-01.eml': { text: /^I am currently away returning to the office on May 5th/, sender: 'kijitora@example.net', automatic: { kind: 'auto-reply', reason: 'Auto-Submitted: auto-replied' } },
	'sisimai/rfc3834-02.eml': { text: "I'm out of the office Friday. For pressing news matters, Nyaan.", sender: 'nekonyaan@example.org', automatic: { kind: 'auto-reply', reason: 'Subject: Automatic reply: Nyaan' } },
	'sisimai/rfc3834-03.eml': { text: "I'm only sleeping.", sender: 'kijitora@apple.example.com', conversation: '<25203A4E-F90F-4A14-BF51-3E7B9D39BE8E@libsisimai.org>', automatic: { kind: 'auto-reply', reason: 'X-Apple-Action: VACATION' } },
	'sisimai/rfc3834-04.eml': { text: /I will be traveling for work on July 10-31\.  During that time I will have intermittent access/, sender: 'kijitora@example.org', automatic: { kind: 'auto-reply' } },
	'sisimai/rfc3834-05.eml': { text: 'zukünftig\nkarl@hanz.de', sender: 'foo@bar.net', conversation: '<foobar@dummy.org>', automatic: { kind: 'auto-reply', reason: 'Auto-Submitted: auto-replied' } },
	'sisimai/rfc3834-06.eml': { text: /^This email inbox kijitora@example\.com is no longer in use/, sender: 'noreply@example.com', automatic: { kind: 'auto-reply' } },
	'sisimai/rfc3464-01.eml': { text: /^Your message to <nekochan> was automatically rejected/, sender: 'userunknown@bouncehammer.jp', conversation: '<E1C50F1B-1C83-4820-BC36-AC6FBFBE8568@example.org>', automatic: { kind: 'bounce', status: '5.1.1', failedRecipients: ['userunknown@bouncehammer.jp'] } },
	'sisimai/rfc3464-03.eml': { text: /could not be delivered/, sender: 'kijitora@example.com', automatic: { kind: 'bounce', status: '5.0.0', failedRecipients: ['kijitora@example.com'] } },
	'sisimai/rfc3464-04.eml': { text: '', sender: 'mailer-daemon@neko.example.edu', automatic: { kind: 'bounce', reason: 'Content-Type: multipart/report; report-type=delivery-status' } },
	'sisimai/lhost-postfix-01.eml': { text: /^This is the mail system at host p351355\.pool\.example\.ne\.jp\./, sender: 'kijitora@example.org', conversation: '<20130429234532.00000000000@p351355.pool.example.ne.jp>', automatic: { kind: 'bounce', status: '5.1.1' } },
	'sisimai/lhost-exim-01.eml': { text: /^This message was created automatically by mail delivery software\./, sender: 'kijitora@example.ed.jp', automatic: { kind: 'bounce', reason: 'X-Failed-Recipients: kijitora@example.ed.jp' } },
	'sisimai/lhost-gmail-01.eml': { text: /^Delivery to the following recipient failed permanently:/, sender: 'userunknown@example.jp', automatic: { kind: 'bounce', failedRecipients: ['userunknown@example.jp'] } },
	// The copy of the returned mail is inline, below the report: its Message-ID still names the thread.
	'sisimai/lhost-mailru-01.eml': { text: /^Это письмо создано автоматически сервером Mail\.Ru, отвечать на него не нужно\./, sender: 'kijitora@example.jp', conversation: '<8F3CE2D8-D60E-48C3-B9AF-BED628EE2CA5@mail.example.ru>', automatic: { kind: 'bounce' } },
	'sisimai/lhost-yandex-01.eml': { text: /Это письмо отправлено почтовым сервером yandex\.ru\./, sender: 'kijitora@example.jp', automatic: { kind: 'bounce', status: '5.1.1' } },
	'sisimai/lhost-office365-01.eml': { text: /^Delivery has failed to these recipients or groups:/, sender: 'postmaster@example.com', automatic: { kind: 'bounce' } },
	'sisimai/lhost-qmail-01.eml': { text: /^Hi\. This is the qmail-send program at mx4\.example\.jp\./, sender: 'mailer-daemon@mx4.example.jp', automatic: { kind: 'bounce', reason: 'From: MAILER-DAEMON@mx4.example.jp' } },
	'sisimai/lhost-sendmail-01.eml': { text: /^The original message was received at Wed, 16 Oct 2013/, sender: 'userunknown@bouncehammer.jp', automatic: { kind: 'bounce', status: '5.1.1' } },
	'sisimai/lhost-zoho-04.eml': { text: /THIS IS A WARNING MESSAGE ONLY\./, sender: 'mailer-daemon@mail.zoho.com', automatic: { kind: 'bounce', reason: 'From: mailer-daemon@mail.zoho.com' } },
	'mikel-mail/report_422.eml': { text: /THIS IS A WARNING MESSAGE ONLY/, sender: 'fraser@oooooooo.com.au', automatic: { kind: 'bounce', status: '4.2.2' } },
	'mikel-mail/report_530.eml': { text: /^The original message was received at Mon, 24 Dec 2007/, sender: 'edwin@zzzzzzz.com', automatic: { kind: 'bounce', status: '5.3.0', failedRecipients: ['edwin@zzzzzzz.com'] } },
	'lkml/20020911144740.A911@namesys.com.eml': {
		// An inline answer: the quoted lines stay between Oleg's words.
		text: /^Hello!\n\nOn Wed, Sep 11, 2002 at 12:29:26PM \+0200, Jens Axboe wrote:\n\n> > ok I see the bug[\s\S]*\nNo\. It fails exactly like without the patch\.[\s\S]*Bye,\n    Oleg$/,
		sender: 'green@namesys.com',
		conversation: '<20020911112808.A6341@namesys.com>',
		automatic: { kind: 'list', reason: 'x-mailing-list: linux-kernel@vger.kernel.org' },
	},
};

const LOREM = readFileSync(join(DIR, 'crisp/email_russian.txt'), 'utf8').split('\n\n')[0];
const bodies: Record<string, string> = {
	'crisp/email_russian.txt': LOREM,
	'crisp/email_fr_multiline.txt': LOREM,
	'crisp/email_french_2.txt': LOREM,
	'crisp/email_gmail_split_line_from.txt': LOREM,
	'crisp/email_outlook_split_line_from.txt': LOREM,
	'crisp/email_original_message.txt': LOREM,
	'crisp/email_ios_outlook_fr.txt': `${LOREM}\n\nEnvoyé à partir de Outlook pour iOS<https://aka.ms/o0ukef>`,
	'crisp/email_tricky_9_nested_quotes.txt': 'I agree with the points below.',
	'crisp/email_tricky_18_inline_reply.txt': readFileSync(join(DIR, 'crisp/email_tricky_18_inline_reply.txt'), 'utf8').trim(),
	'crisp/email_tricky_1_on_false_positive.txt': readFileSync(join(DIR, 'crisp/email_tricky_1_on_false_positive.txt'), 'utf8').trim(),
};

describe('the corpus is what its manifest says', () => {
	it('holds at least 30 whole mails, each with its source and licence recorded, and every file is tested', () => {
		const files = manifest.entries.map((e) => e.file);
		expect(files.filter((f) => f.endsWith('.eml')).length).toBeGreaterThanOrEqual(30);
		expect(manifest.entries.every((e) => e.source.startsWith('https://') && e.license && e.shows)).toBe(true);
		expect([...files].sort()).toEqual([...Object.keys(customerMail), ...Object.keys(automaticMail), ...Object.keys(bodies), 'talon/mail_ru.html', 'talon/yandex_ru.html', 'talon/windows_mail.html'].sort());
	});
});

describe('a customer’s mail: their own words, their address, where answers go, and no automatic kind', () => {
	it.each(Object.entries(customerMail))('%s', async (file, expected) => {
		const message = await read(file);

		expect(InboundMessageSchema.safeParse(message).success).toBe(true);
		expect(message.automatic).toBeUndefined();
		expectContent(message, expected);
		expect(message.sender.replyTo).toBe(expected.replyTo);
	});
});

describe('a bounce, an auto-reply or a list post: recorded, marked for what it is, under the address and thread it concerns', () => {
	it.each(Object.entries(automaticMail))('%s', async (file, expected) => {
		const message = await read(file);

		expect(InboundMessageSchema.safeParse(message).success).toBe(true);
		expect(message.automatic).toMatchObject(expected.automatic!);
		expectContent(message, expected);
		// An answer must never go back to a machine, so none of them offers a reply address.
		expect(message.sender.replyTo).toBeUndefined();
	});
});

describe('reply bodies from other clients (no headers): the quoted history is cut at its marker', () => {
	it.each(Object.entries(bodies))('%s', (file, expected) => {
		expect(stripQuotedReply(readFileSync(join(DIR, file), 'utf8'))).toBe(expected);
	});

	it.each([
		['talon/yandex_ru.html', 'Hi. I am fine.\n\nThanks,\nAlex'],
		['talon/mail_ru.html', 'Hi. I am fine.\n\nThanks,\nAlex'],
		// Russian Windows Mail: cut at its "От: / Отправлено: / Кому:" block; its empty signature block leaves one more blank line.
		['talon/windows_mail.html', 'Hi. I am fine.\n\n\nThanks,\nAlex'],
	])('%s, an HTML-only reply, keeps the answer and drops the quoted original', async (file, answer) => {
		const html = Buffer.concat([Buffer.from('Content-Type: text/html; charset=utf-8\r\n\r\n'), readFileSync(join(DIR, file))]);
		const message = normaliseMail(await parseMail(html), { account: 'a', mailbox: 'INBOX', uidValidity: 1, uid: 1 });
		expect(message.text).toBe(answer);
	});
});

function expectContent(message: Awaited<ReturnType<typeof read>>, expected: Expected) {
	if (typeof expected.text === 'string') expect(message.text).toBe(expected.text);
	else expect(message.text).toMatch(expected.text);
	expect(message.sender.id).toBe(expected.sender);
	expect(message.sender.email).toBe(expected.sender);
	if (expected.conversation) expect(message.conversationKey).toBe(expected.conversation);
}
