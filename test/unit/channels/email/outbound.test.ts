import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { OutboundMessage } from '../../../../nodes/shared/envelope';
import { createEmailSender } from '../../../../nodes/shared/channels/email/outbound';
import { pollMailbox } from '../../../../nodes/shared/channels/email/inbound';
import type { EmailRaw } from '../../../../nodes/shared/channels/email/normalise';
import { startDovecot, type Dovecot } from '../../../fakes/email/dovecot';
import { composeMail, newMessageId } from '../../../fakes/email/mails';
import { startFakeSmtp, type FakeSmtp } from '../../../fakes/email/smtp';
import { credentialsFor, openTestStore } from './mailboxStore';

const FAST = { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 };
const sender = createEmailSender(FAST);
const anna = { name: 'Anna Petrova', address: 'anna.petrova@example.net' };

const reply = (extra: Partial<OutboundMessage> = {}): OutboundMessage => ({
	channel: 'email',
	to: anna.address,
	text: 'Your parcel ships today.',
	buttons: [],
	attachments: [],
	fromOperator: true,
	...extra,
});

describe('the support team answers by e-mail over SMTP', () => {
	let dovecot: Dovecot;
	let smtp: FakeSmtp;
	let files: Server;
	let filesUrl: string;
	const label = Buffer.from('%PDF-1.4\n% shipping label\n');

	beforeAll(async () => {
		dovecot = await startDovecot();
		files = createServer((req, res) => {
			if (req.url === '/label.pdf') res.writeHead(200, { 'Content-Type': 'application/pdf' }).end(label);
			else res.writeHead(404).end();
		});
		await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
		filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		await dovecot?.close();
		await new Promise((resolve) => files?.close(resolve));
	});
	beforeEach(async () => {
		smtp = await startFakeSmtp();
	});
	afterEach(async () => {
		await smtp.close();
	});

	it('threads a reply under the customer’s mail, and the customer’s answer to it stays in the same conversation', async () => {
		const testStore = await openTestStore();
		try {
			const credentials = credentialsFor(dovecot, smtp, 'Threads');
			const root = newMessageId('example.net');
			const earlier = newMessageId('acme.test');
			const theirs = await composeMail({
				from: anna,
				subject: 'Re: Where is my order 1234?',
				text: 'Still nothing. Any news?',
				inReplyTo: earlier,
				references: [root, earlier],
			});
			await dovecot.deliver(theirs.raw, { mailbox: 'Threads' });
			const [incoming] = await pollMailbox(credentials, testStore.poll);
			const raw = incoming.raw as EmailRaw;

			const result = await sender.send(
				credentials,
				reply({
					to: incoming.sender.email!,
					text: 'It ships <today> & arrives "Monday".\nAcme',
					inReplyTo: raw.messageId,
					subject: incoming.subject,
					attachments: [{ type: 'file', url: `${filesUrl}/label.pdf`, name: 'label.pdf' }],
				}),
				{ references: raw.references },
			);

			expect(result.ok).toBe(true);
			expect(smtp.received).toHaveLength(1);
			const [{ envelope, parsed }] = smtp.received;
			expect(envelope).toEqual({ from: 'support@acme.test', to: [anna.address] });
			expect(parsed.from?.value).toEqual([{ name: 'Acme Support', address: 'support@acme.test' }]);
			expect(parsed.subject).toBe('Re: Where is my order 1234?');
			expect(parsed.inReplyTo).toBe(theirs.messageId);
			expect(parsed.references).toEqual([root, earlier, theirs.messageId]);
			expect(result.ok && result.externalIds).toEqual([parsed.messageId]);
			expect(parsed.messageId).toMatch(/^<[^@>]+@acme\.test>$/);
			expect(parsed.text?.trim()).toBe('It ships <today> & arrives "Monday".\nAcme');
			expect(parsed.html).toContain('It ships &lt;today&gt; &amp; arrives &quot;Monday&quot;.<br>');
			expect(parsed.attachments.map((a) => [a.filename, a.contentType, a.content.equals(label)])).toEqual([
				['label.pdf', 'application/pdf', true],
			]);

			// Anna's client answers our mail the RFC way; the answer joins the thread's conversation.
			const ours = parsed;
			const answer = await composeMail({
				from: anna,
				subject: ours.subject!, // already "Re: …", which clients do not stack either
				text: 'Great, thanks!',
				inReplyTo: ours.messageId,
				references: [...(ours.references as string[]), ours.messageId!],
			});
			await dovecot.deliver(answer.raw, { mailbox: 'Threads' });
			const [next] = await pollMailbox(credentials, testStore.poll);
			expect(next.conversationKey).toBe(incoming.conversationKey);
			expect(next.conversationKey).toBe(root);
		} finally {
			await testStore.dispose();
		}
	});

	it('starts the thread of a customer’s first mail with its Message-ID and adds "Re:" to a subject without one', async () => {
		const first = newMessageId('example.net');

		await sender.send(credentialsFor(dovecot, smtp), reply({ inReplyTo: first, subject: 'Broken parcel' }));

		const [{ parsed }] = smtp.received;
		expect(parsed.subject).toBe('Re: Broken parcel');
		expect(parsed.inReplyTo).toBe(first);
		expect(parsed.references).toBe(first);
	});

	it('gives a proactive notice, which has no subject of its own, the first line of its text as one', async () => {
		const notice = 'Your order 4512 has shipped and arrives on Friday between 10:00 and 14:00, the courier will call you first.\nTrack it at https://example.com/t/4512';
		await sender.send(credentialsFor(dovecot, smtp), reply({ text: notice, fromOperator: false }));

		const [{ parsed }] = smtp.received;
		expect(parsed.subject).toBe('Your order 4512 has shipped and arrives on Friday between 10:00 and 14:00,…');
		expect(parsed.subject!.length).toBeLessThanOrEqual(78);
	});

	it('retries a server that says "try again later" (4xx) and delivers the mail once, under one Message-ID', async () => {
		smtp.failNext(2, 451, '4.3.0 Temporary local problem, please try again later');

		const result = await sender.send(credentialsFor(dovecot, smtp), reply());

		expect(result.ok).toBe(true);
		expect(smtp.attempts).toBe(3);
		expect(smtp.received).toHaveLength(1);
		expect(result.ok && result.externalIds).toEqual([smtp.received[0].parsed.messageId]);
	});

	it('gives up on a server that keeps saying "later", as a failure worth retrying another time', async () => {
		smtp.failNext(10, 421, '4.7.0 Too many connections, slow down');

		const result = await sender.send(credentialsFor(dovecot, smtp), reply());

		expect(result).toMatchObject({ ok: false, permanent: false, code: 'temporary_failure' });
		expect(smtp.attempts).toBe(FAST.attempts);
		expect(smtp.received).toHaveLength(0);
	});

	it('reports a mailbox that does not exist (550) as undeliverable at once, without retrying', async () => {
		smtp.refuseRecipient(anna.address, 550, '5.1.1 <anna.petrova@example.net>: Recipient address rejected: Mailbox unavailable');

		const result = await sender.send(credentialsFor(dovecot, smtp), reply());

		expect(result).toEqual({
			ok: false,
			permanent: true,
			code: 'undeliverable',
			reason: expect.stringContaining('Mailbox unavailable'),
		});
		expect(smtp.attempts).toBe(1);
		expect(smtp.received).toHaveLength(0);
	});

	it('reports a mail the server refuses for good (554) as rejected, without retrying', async () => {
		smtp.failNext(1, 554, '5.7.1 Message rejected as spam');

		const result = await sender.send(credentialsFor(dovecot, smtp), reply());

		expect(result).toMatchObject({ ok: false, permanent: true, code: 'rejected' });
		expect(smtp.attempts).toBe(1);
	});

	it('reports a wrong SMTP password as a credential problem, not a customer problem', async () => {
		const result = await sender.send({ ...credentialsFor(dovecot, smtp), smtpPassword: 'wrong' }, reply());

		expect(result).toMatchObject({ ok: false, permanent: true, code: 'auth_failed' });
		expect(smtp.received).toHaveLength(0);
	});

	it('retries when the SMTP server cannot be reached, then reports it as passing', async () => {
		await smtp.close();
		const closed = credentialsFor(dovecot, smtp);
		smtp = await startFakeSmtp();

		const result = await sender.send(closed, reply());

		expect(result).toMatchObject({ ok: false, permanent: false, code: 'network' });
		expect(result.ok === false && result.reason).toContain(`after ${FAST.attempts} attempts`);
	});

	it('refuses to send to something that is not an address, such as a thread id', async () => {
		const result = await sender.send(credentialsFor(dovecot, smtp), reply({ to: '<root@example.net>' }));

		expect(result).toMatchObject({ ok: false, permanent: true, code: 'invalid_message' });
		expect(smtp.attempts).toBe(0);
	});
});

describe('an SMTP provider’s sending rate', () => {
	it('a mailbox answering twelve customers at once hands its SMTP provider at most ten mails a second', async () => {
		const smtp = await startFakeSmtp();
		// Sending touches only SMTP: the mailbox's IMAP side is never dialled here.
		const credentials = credentialsFor({ host: '127.0.0.1', port: 1, user: 'support', password: '' } as Dovecot, smtp);

		const results = await Promise.all(Array.from({ length: 12 }, (_, i) => sender.send(credentials, reply({ to: `customer-${i}@example.net` }))));

		expect(results.every((result) => result.ok)).toBe(true);
		const arrivals = smtp.received.map((mail) => mail.at).sort((a, b) => a - b);
		expect(arrivals).toHaveLength(12);
		// The eleventh waited for the first's slot: one window after the first was answered.
		expect(arrivals[10] - arrivals[0]).toBeGreaterThanOrEqual(1000);
		await smtp.close();
	});
});
