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
	/** The sender's name as the desk shows it. */
	name?: string;
	/** The attachments' names, in order. */
	attachments?: Array<string | undefined>;
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
	'mailparser/nodemailer.eml': { text: 'Hello to myself!', sender: 'andris@kreata.ee', name: 'Andris Kreata', attachments: [undefined, 'image.png', 'nyan cat ✔.gif', 'notes.txt'] },
	// An invitation a person sent through Google Calendar: what, when, where to join.
	'postal-mime/calendar-event.eml': {
		text: /^Test event ⏰\nThursday Apr 11, 2024 ⋅ 11am – 12pm\nEastern European Time - Tallinn\n\nJoin with Google Meet\nhttps:\/\/meet\.google\.com\/yew-afgi-ynf/,
		sender: 'andris@postalsys.com',
		conversation: '<calendar-7791cb16-a4f3-43ae-a9a0-ed4003535ae7@google.com>',
		attachments: [undefined, 'invite.ics'],
	},
	'mimekit/japanese.eml': { text: "Let's see if both subject and body works fine...\n\n日本語が\n正常に\n送れているか\nテスト.", sender: 'x@x.com', name: 'Atsushi Eno' },
	// The file name came as raw UTF-8, which Yahoo cut inside its last letter.
	'flanker/russian-attachment-yahoo.eml': { text: 'Hello', sender: 'mailboxaddr1234567@yahoo.com', attachments: ['Картинка с очень, очень длинным предлинным именем преименем таким чт'] },
	'flanker/mailgun-pic.eml': { text: 'Мейлган! Хахах!\n\n-- \nRegards,\nAlex', sender: 'hello@example.com', name: 'Bob Smith', attachments: ['mailgun.png'] },
	// What the customer forwards is the matter itself: both forwarded mails stay.
	'flanker/multi-received-headers.eml': {
		text: /^---------- Forwarded message ----------\nFrom: Hello <hello@example\.com>[\s\S]*---------- Forwarded message ----------\nFrom: Bob <example@example\.com>[\s\S]*\nForward please\n\n-- \nRegards,\nHello$/,
		sender: 'hello@example.com',
	},
	// HTML only, the picture inline beside it and no text part: the text is read from the HTML.
	'imap-tools/base.eml': {
		text: /Здравствуйте!\n\nЕсли у Вас уже есть почтовые ящики, куда приходят письма, Вам будет удобнее\nхранить и читать все письма в одном ящике\.[\s\S]*Сборщик писем\nhttps:\/\/mail\.yandex\.ru/,
		sender: 'hello@yandex.ru',
		name: 'Яндекс',
		replyTo: 'foma@company.ru',
	},
	// Only a picture: no words, and no "[cid:…]" in their place.
	'imap-tools/attachment_inline2.eml': { text: '', sender: 'samgentlemankaka@foxmail.com', attachments: ['F76361FC@E3C5215F.31AC8F5F.png.jpg'] },
	'imap-tools/attachment_2_base64.eml': { text: 'two attach', sender: 'kaukinvk@yandex.ru', name: 'Каукин Владимир', attachments: ['yandex_email.eml', 'yandex_email.eml'] },
	'imap-tools/attachment_8bit.eml': {
		text: 'SCR\n\n/\nS19\n07FEB\nwat\n\n-- \nотдел расписания\nтел. (343) 072-00-00 (вн.18-59)\ne-mail: e.sp@com.ru',
		sender: 'k1@yandex.ru',
		conversation: '<1333139463.20190207083243@com.ru>',
		attachments: ['Message01.eml'],
	},
	// A web form mails from a no-reply address: answers go to the visitor.
	'imap-tools/text_with_content_id.eml': {
		text: /^Bonjour\.\n\nUne nouvelle demande vous a été transmise via le formulaire de contact du site www\.saintnazaire\.fr\n\nVotre message : onjour,\n\nJe voulais vous alerter que le pizzaïolo[\s\S]*Merci\.$/,
		sender: 'ne-pas-repondre@email-test.fr',
		replyTo: 'emmanuellehelou@orange.fr',
	},
	// An Italian Outlook forward ("I:"): the question is about the order forwarded under it, which stays.
	'spamscope/mail_test_7.eml': {
		text: /^Ciao sere mi puoi dire se il mio cliente deve fare questa dichiarazione\?[\s\S]*\nDa: export@agade\.info \[mailto:chiarodiluce@gmail\.com\] \nInviato: venerdì 9 giugno 2017 15:50\n[\s\S]*ha necessità di ricevere la lettera di triangolazione come da esempio allegato/,
		sender: 'geronazzo@voidstudicom.it',
		conversation: '<EEDDF5F5-2786-4B3F-B15A-124A9A29A8D3@agade.info>',
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
	'mailparser/delivery-status.eml': { text: /^An error occurred while trying to deliver the mail to the following recipients:/, sender: 'xxxx@xxxx.com', conversation: '<xxxxxx@email.amazonses.com>', automatic: { kind: 'bounce', status: '5.1.1', failedRecipients: ['xxxx@xxxx.com'] } },
	'postal-mime/bounce.eml': {
		text: /^This is an automated message from the mail system at Fastmail\./,
		sender: 'htfgvhyufthdgcvhgjyfthgc@ethereal.email',
		conversation: '<e85f1c9b-9b51-4028-8ec0-0a657155028e@app.fastmail.com>',
		automatic: { kind: 'bounce', status: '5.0.0', failedRecipients: ['htfgvhyufthdgcvhgjyfthgc@ethereal.email'] },
	},
	'flanker/bounce-office365.eml': {
		text: /^\[http:\/\/products\.office\.com\/.*\]\nYour message to noname@example\.com couldn't be delivered\./,
		sender: 'noname@example.com',
		conversation: '<20171013111011.20866.254C2F3A4D7AA526@ninomail.com>',
		automatic: { kind: 'bounce', status: '5.1.10', failedRecipients: ['noname@example.com'] },
	},
	'flanker/bounce-mailbox-full.eml': { text: /^\*\*\* ATTENTION \*\*\*/, sender: 'user@aol.com', conversation: '<4E326A95.3010907@example.com>', automatic: { kind: 'bounce', status: '5.2.2', failedRecipients: ['user@aol.com'] } },
	// A read receipt and an abuse report are machines answering our mail too.
	'mimekit/disposition-notification.eml': {
		text: /^The message sent on 1995 Sep 19 at 13:30:00 \(EDT\) -0400 to Joe\nRecipient/,
		sender: 'joe_recipient@example.com',
		automatic: { kind: 'auto-reply', reason: 'Content-Type: multipart/report; report-type=disposition-notification' },
	},
	'postal-mime/arf.eml': { text: /^This is an email abuse report/, sender: 'abusedesk@example.com', automatic: { kind: 'auto-reply', reason: 'Content-Type: multipart/report; report-type=feedback-report' } },
	// A raw Latin-1 name under a declared us-ascii charset; the answer under a bare "… wrote:" and its quote.
	'flanker/from-encoding.eml': {
		text: "Isn't that the case for almost every other server you care to mention?\nWhat about switching to an EUID of nobody early in the request\nprocessing stage?\n\n---/dev/il",
		sender: 'ingo@blank.pages.de',
		name: 'Ingo Lütkebohle',
		automatic: { kind: 'list', reason: 'Precedence: bulk' },
	},
	// ezmlm marks its lists with Mailing-List; the answer is bottom-posted under the whole RFC.
	'php-mime-mail-parser/issue84.eml': {
		text: '+1 from me.\n\n--\nFerenc Kovács\n@Tyr43l - http://tyrael.hu',
		sender: 'tyra3l@gmail.com',
		conversation: '<CAFMT4NpJxuuqc-wTr1aE4K+wZBT8+04j+9-SsY+nhUMU83fDUg@mail.gmail.com>',
		automatic: { kind: 'list', reason: 'mailing-list: contact internals-help@lists.php.net; run by ezmlm' },
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
	if (expected.name) expect(message.sender.name).toBe(expected.name);
	if (expected.attachments) expect(message.attachments.map((a) => a.name)).toEqual(expected.attachments);
}
