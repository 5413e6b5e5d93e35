/**
 * The shipped support pipeline in a real n8n 2.41 reading a real IMAP mailbox (Dovecot) and
 * sending through a real SMTP server: a customer's mail is answered in its thread (at their
 * Reply-To when they give one), while the out-of-office their mailbox sends back and the bounce
 * of an answer that could not be delivered, arriving in the same mailbox, are recorded on the
 * conversation and never answered (RFC 3834).
 */
import type { Store } from '../../nodes/shared/store';
import { startDovecot, type Dovecot } from '../fakes/email/dovecot';
import { composeMail, newMessageId } from '../fakes/email/mails';
import { startFakeSmtp, type FakeSmtp } from '../fakes/email/smtp';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram/server';
import { emailCredential, packNode, pipelineWithChannels, startContactCenter, type ContactCenter } from '../harness/contact-center';
import { eventually } from '../harness/wait';

jest.setTimeout(400_000);

const QUESTION = 'Where is my order?';
const ANSWER = 'You can follow your order at https://example.com/orders';
const SUPPORT = 'support@acme.test';

let dovecot: Dovecot;
let smtp: FakeSmtp;
let telegram: FakeTelegram;
let center: ContactCenter;
let store: Store;

/** The shipped template with only the e-mail channel, its mailbox checked every minute (n8n's shortest poll). */
function emailPipeline() {
	const copy = pipelineWithChannels(['emailChannelTrigger']);
	packNode(copy, 'emailChannelTrigger').parameters.pollTimes = { item: [{ mode: 'custom', cronExpression: '* * * * *' }] };
	return copy;
}

beforeAll(async () => {
	[dovecot, smtp, telegram] = await Promise.all([startDovecot(), startFakeSmtp(), startFakeTelegram()]);
	center = await startContactCenter({
		workflows: [emailPipeline()],
		telegram,
		credentials: [emailCredential(dovecot, smtp, SUPPORT)],
	});
	({ store } = center);
});

afterAll(async () => {
	await center?.stop();
	await Promise.all([dovecot?.close(), smtp?.close(), telegram?.close()]);
});

const sentTo = (address: string) => smtp.received.filter((m) => m.envelope.to.includes(address));

/** An out-of-office as Exchange sends it: to our answer, from the customer's own address. */
function outOfOffice(answer: { messageId: string; references: string[] }) {
	return [
		'From: Farida Nur <farida@example.net>',
		`To: Acme Support <${SUPPORT}>`,
		'Subject: Automatic reply: Re: My order',
		`Message-ID: ${newMessageId('example.net')}`,
		`In-Reply-To: ${answer.messageId}`,
		`References: ${[...answer.references, answer.messageId].join(' ')}`,
		'Auto-Submitted: auto-replied',
		'X-Auto-Response-Suppress: All',
		`Date: ${new Date().toUTCString()}`,
		'Content-Type: text/plain; charset=utf-8',
		'',
		'I am out of the office until Monday and will answer your message then.',
		'',
	].join('\r\n');
}

/** A DSN (RFC 3464) for an answer of ours whose recipient does not exist, the returned headers attached. */
function bounceOf(answer: { messageId: string; references: string[] }, recipient: string) {
	const boundary = 'dsn-boundary-42';
	return [
		'From: Mail Delivery System <MAILER-DAEMON@mx.example.org>',
		`To: ${SUPPORT}`,
		'Subject: Undelivered Mail Returned to Sender',
		`Message-ID: ${newMessageId('mx.example.org')}`,
		`Date: ${new Date().toUTCString()}`,
		'Auto-Submitted: auto-replied',
		'MIME-Version: 1.0',
		`Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
		'',
		`--${boundary}`,
		'Content-Type: text/plain; charset=us-ascii',
		'',
		`<${recipient}>: host mx.example.org said: 550 5.1.1 User unknown`,
		'',
		`--${boundary}`,
		'Content-Type: message/delivery-status',
		'',
		'Reporting-MTA: dns; mx.example.org',
		'',
		`Final-Recipient: rfc822; ${recipient}`,
		'Action: failed',
		'Status: 5.1.1',
		'',
		`--${boundary}`,
		'Content-Type: text/rfc822-headers',
		'',
		`From: Acme Support <${SUPPORT}>`,
		`To: ${recipient}`,
		'Subject: Re: Refund',
		`Message-ID: ${answer.messageId}`,
		`References: ${answer.references.join(' ')}`,
		'',
		`--${boundary}--`,
		'',
	].join('\r\n');
}

async function conversationLines(address: string) {
	return store.db.query<{ conversation_id: number; author: string; direction: string; text: string }>(
		`SELECT m.conversation_id, m.author, m.direction, m.text FROM messages m JOIN conversations c ON c.id = m.conversation_id
		 JOIN identities i ON i.customer_id = c.customer_id AND i.channel = 'email'
		 WHERE i.external_user_id = ? ORDER BY m.id`,
		[address],
	);
}

test('a customer’s mail is answered; their out-of-office and the bounce of an answer are recorded and never answered', async () => {
	// Farida asks; the pipeline answers her by SMTP in her thread.
	const question = await composeMail({ from: { name: 'Farida Nur', address: 'farida@example.net' }, subject: 'My order', text: QUESTION });
	await dovecot.deliver(question.raw);
	const answer = await eventually('the answer to Farida', () => sentTo('farida@example.net')[0], 150_000);
	expect(answer.parsed.text).toContain(ANSWER);
	expect(answer.parsed.inReplyTo).toBe(question.messageId);

	// Kemal asks for answers at his shop's address; his answer goes there.
	const kemal = await composeMail({ from: { name: 'Kemal', address: 'kemal@example.org' }, subject: 'Refund', text: QUESTION });
	const kemalRaw = kemal.raw.toString().replace(/^Subject:/m, 'Reply-To: Kemal Shop <orders@kemal-shop.example>\r\nSubject:');
	await dovecot.deliver(kemalRaw);
	const kemalAnswer = await eventually('the answer at Kemal’s Reply-To', () => sentTo('orders@kemal-shop.example')[0], 150_000);
	expect(sentTo('kemal@example.org')).toEqual([]);

	// Farida's mailbox answers our answer with an out-of-office; the answer to Kemal's shop bounces.
	// A third customer's mail in the same poll shows when that poll has been handled.
	const farida = { messageId: answer.parsed.messageId!, references: [question.messageId] };
	const kemalThread = { messageId: kemalAnswer.parsed.messageId!, references: [kemal.messageId] };
	await dovecot.deliver(outOfOffice(farida));
	await dovecot.deliver(bounceOf(kemalThread, 'orders@kemal-shop.example'));
	const marker = await composeMail({ from: { name: 'Lina', address: 'lina@example.com' }, subject: 'Hello', text: QUESTION });
	await dovecot.deliver(marker.raw);
	await eventually('the answer to Lina, from the same poll', () => sentTo('lina@example.com')[0], 150_000);
	// Whatever the pipeline would send for the automatic mail has had time to go out by now.
	await new Promise((r) => setTimeout(r, 10_000));

	expect(sentTo('farida@example.net')).toHaveLength(1);
	expect(sentTo('orders@kemal-shop.example')).toHaveLength(1);
	expect(smtp.received.filter((m) => m.envelope.to.some((to) => /mailer-daemon/i.test(to)))).toEqual([]);

	const faridaLines = await conversationLines('farida@example.net');
	expect(faridaLines.map((l) => [l.direction, l.author])).toEqual([
		['in', 'customer'],
		['out', 'bot'],
		['in', 'automatic:auto-reply'],
	]);
	expect(new Set(faridaLines.map((l) => l.conversation_id)).size).toBe(1);
	expect(faridaLines[2].text).toBe('I am out of the office until Monday and will answer your message then.');

	// The bounce is filed under the address that failed, in the conversation of the answer it returns.
	const [bounce] = await store.db.query<{ conversation_id: number; author: string; text: string; conversation_key: string }>(
		"SELECT m.conversation_id, m.author, m.text, c.conversation_key FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.author = 'automatic:bounce'",
	);
	expect(bounce.conversation_key).toBe(kemal.messageId);
	expect(bounce.text).toMatch(/^<orders@kemal-shop\.example>: host mx\.example\.org said: 550 5\.1\.1 User unknown\n[\s\S]*Status: 5\.1\.1$/);
	const [kemalQuestion] = await store.db.query<{ conversation_id: number }>(
		"SELECT conversation_id FROM messages WHERE direction = 'in' AND author = 'customer' AND conversation_id = ?",
		[bounce.conversation_id],
	);
	expect(kemalQuestion).toBeDefined();
});
