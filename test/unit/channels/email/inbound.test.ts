import { parseInbound } from '../../../../nodes/shared/envelope';
import { overLimit } from '../../../../nodes/shared/ingest/limits';
import { pollMailbox, type PollOptions } from '../../../../nodes/shared/channels/email/inbound';
import type { EmailRaw } from '../../../../nodes/shared/channels/email/normalise';
import { startDovecot, type Dovecot } from '../../../fakes/email/dovecot';
import { composeMail, newMessageId } from '../../../fakes/email/mails';
import { credentialsFor, openTestStore } from './mailboxStore';

const anna = { name: 'Anna Petrova', address: 'Anna.Petrova@example.net' };

describe('customers write to the support mailbox, which is polled over IMAP', () => {
	let dovecot: Dovecot;
	let testStore: Awaited<ReturnType<typeof openTestStore>>;
	let poll: PollOptions;

	beforeAll(async () => {
		dovecot = await startDovecot();
	});
	afterAll(async () => {
		await dovecot?.close();
	});
	beforeEach(async () => {
		testStore = await openTestStore();
		poll = testStore.poll;
	});
	afterEach(async () => {
		await testStore.dispose();
	});

	/** Each test reads a folder of its own, so that what one delivers is not another's news. */
	let folders = 0;
	const folder = () => `Support${++folders}`;

	async function deliver(mailbox: string, mail: Parameters<typeof composeMail>[0], opts: { seen?: boolean } = {}) {
		const { raw, messageId } = await composeMail(mail);
		const uid = await dovecot.deliver(raw, { mailbox, ...opts });
		return { uid, messageId };
	}

	it('turns a plain mail into the envelope, keyed on UIDVALIDITY:UID and threaded on its own Message-ID', async () => {
		const mailbox = folder();
		const sent = new Date('2024-06-03T10:00:00Z');
		const { uid, messageId } = await deliver(mailbox, {
			from: anna,
			subject: 'Where is my order 1234?',
			text: 'Hello,\n\nmy order 1234 has not arrived yet.\n\nAnna',
			date: sent,
		});

		const [message, ...more] = await pollMailbox(credentialsFor(dovecot, undefined, mailbox), poll);

		expect(more).toEqual([]);
		const uidValidity = await dovecot.uidValidity(mailbox);
		expect(parseInbound(message)).toMatchObject({
			channel: 'email',
			account: 'support@acme.test',
			externalId: `${uidValidity}:${uid}`,
			conversationKey: messageId,
			sender: { id: 'anna.petrova@example.net', email: 'anna.petrova@example.net', name: 'Anna Petrova' },
			text: 'Hello,\n\nmy order 1234 has not arrived yet.\n\nAnna',
			subject: 'Where is my order 1234?',
			attachments: [],
		});
		expect(message.inReplyTo).toBeUndefined();
		expect(message.raw).toMatchObject({ mailbox, uidValidity, uid, messageId, references: [], date: sent.toISOString() });
	});

	it('gives a multipart mail its plain text and the attachment’s name, type and size', async () => {
		const mailbox = folder();
		const pdf = Buffer.from('%PDF-1.4\n% the invoice the customer disputes\n');
		await deliver(mailbox, {
			from: anna,
			subject: 'Wrong invoice',
			text: 'The invoice attached charges me twice.',
			html: '<p>The invoice attached charges me <b>twice</b>.</p>',
			attachments: [{ filename: 'invoice-1234.pdf', contentType: 'application/pdf', content: pdf }],
		});

		const [message] = await pollMailbox(credentialsFor(dovecot, undefined, mailbox), poll);

		expect(message.text).toBe('The invoice attached charges me twice.');
		expect(message.attachments).toEqual([
			{ type: 'file', name: 'invoice-1234.pdf', mimeType: 'application/pdf', size: pdf.length },
		]);
	});

	it('keeps a mail with a pasted log of 300,000 characters, its text cut with a note, rather than refusing it', async () => {
		const mailbox = folder();
		const log = Array.from({ length: 6000 }, (_, i) => `2026-12-07T10:${String(i % 60).padStart(2, '0')}:00Z ERROR payment gateway timeout #${i}`).join('\n');
		await deliver(mailbox, { from: anna, subject: 'App crashes, log attached inline', text: `The app crashes at checkout, here is the log:\n${log}` });

		const [message] = await pollMailbox(credentialsFor(dovecot, undefined, mailbox), poll);

		expect(message.text.startsWith('The app crashes at checkout, here is the log:')).toBe(true);
		expect(message.text).toMatch(/\[… \d+ more characters: the whole mail is in the mailbox\]$/);
		expect(overLimit(message)).toBeUndefined();
	});

	it('files a reply under the thread root and leaves out the history the customer’s client quoted', async () => {
		const mailbox = folder();
		const root = newMessageId('example.net');
		const ours = newMessageId('acme.test');
		await deliver(mailbox, {
			from: anna,
			subject: 'Re: Where is my order 1234?',
			text: [
				'Thank you, it arrived today.',
				'',
				'On Mon, 3 Jun 2024 at 12:00, Acme Support <support@acme.test>',
				'wrote:',
				'> Your parcel is on its way.',
				'>',
				'> > Where is my order 1234?',
			].join('\n'),
			inReplyTo: ours,
			references: [root, ours],
		});

		const [message] = await pollMailbox(credentialsFor(dovecot, undefined, mailbox), poll);

		expect(message.text).toBe('Thank you, it arrived today.');
		expect(message.conversationKey).toBe(root);
		expect(message.inReplyTo).toBe(ours);
		expect((message.raw as EmailRaw).references).toEqual([root, ours]);
	});

	it('gets nothing on the next poll, and marks what it took as \\Seen', async () => {
		const mailbox = folder();
		const first = await deliver(mailbox, { from: anna, subject: 'One', text: 'first' });
		const second = await deliver(mailbox, { from: anna, subject: 'Two', text: 'second' });
		const credentials = credentialsFor(dovecot, undefined, mailbox);
		expect(await dovecot.flags(first.uid, mailbox)).not.toContain('\\Seen');

		const taken = await pollMailbox(credentials, poll);
		const again = await pollMailbox(credentials, poll);

		expect(taken.map((m) => m.text)).toEqual(['first', 'second']);
		expect(again).toEqual([]);
		expect(await dovecot.flags(first.uid, mailbox)).toContain('\\Seen');
		expect(await dovecot.flags(second.uid, mailbox)).toContain('\\Seen');
	});

	it('takes a mail an agent already opened in their own mail client, once the mailbox is being followed', async () => {
		const mailbox = folder();
		const credentials = credentialsFor(dovecot, undefined, mailbox);
		await deliver(mailbox, { from: anna, subject: 'One', text: 'first' });
		await pollMailbox(credentials, poll);

		await deliver(mailbox, { from: anna, subject: 'Two', text: 'read by an agent first' }, { seen: true });

		expect((await pollMailbox(credentials, poll)).map((m) => m.text)).toEqual(['read by an agent first']);
	});

	it('on its very first poll takes only the unread mail, not the folder’s whole history', async () => {
		const mailbox = folder();
		await deliver(mailbox, { from: anna, subject: 'Old', text: 'answered last year' }, { seen: true });
		await deliver(mailbox, { from: anna, subject: 'New', text: 'still waiting' });

		const taken = await pollMailbox(credentialsFor(dovecot, undefined, mailbox), poll);

		expect(taken.map((m) => m.text)).toEqual(['still waiting']);
	});

	it('starts over when UIDVALIDITY changes, without dropping the mails whose UIDs fall below the old watermark', async () => {
		const mailbox = folder();
		const credentials = credentialsFor(dovecot, undefined, mailbox);
		for (const n of [1, 2, 3]) await deliver(mailbox, { from: anna, subject: `Before ${n}`, text: `before ${n}` });
		expect(await pollMailbox(credentials, poll)).toHaveLength(3);
		const before = await dovecot.uidValidity(mailbox);

		await dovecot.recreate(mailbox);
		const after = await dovecot.uidValidity(mailbox);
		const renumbered = [];
		for (const n of [1, 2]) renumbered.push(await deliver(mailbox, { from: anna, subject: `After ${n}`, text: `after ${n}` }));

		const taken = await pollMailbox(credentials, poll);

		expect(after).not.toBe(before);
		expect(renumbered.map((m) => m.uid)).toEqual([1, 2]);
		expect(taken.map((m) => [m.text, m.externalId])).toEqual([
			['after 1', `${after}:1`],
			['after 2', `${after}:2`],
		]);
		expect(await pollMailbox(credentials, poll)).toEqual([]);
	});

	it('takes a long backlog in batches, oldest first, losing none', async () => {
		const mailbox = folder();
		const credentials = credentialsFor(dovecot, undefined, mailbox);
		await deliver(mailbox, { from: anna, subject: 'Start', text: 'start' });
		await pollMailbox(credentials, poll);
		for (const n of [1, 2, 3, 4, 5]) await deliver(mailbox, { from: anna, subject: `Mail ${n}`, text: `mail ${n}` });

		const batches = [];
		for (let i = 0; i < 4; i++) batches.push((await pollMailbox(credentials, { ...poll, batchSize: 2 })).map((m) => m.text));

		expect(batches).toEqual([['mail 1', 'mail 2'], ['mail 3', 'mail 4'], ['mail 5'], []]);
	});

	it('hands a mail to one of two pollers racing on the same folder, never to both', async () => {
		const mailbox = folder();
		const credentials = credentialsFor(dovecot, undefined, mailbox);
		await deliver(mailbox, { from: anna, subject: 'Start', text: 'start' });
		await pollMailbox(credentials, poll);
		for (const n of [1, 2, 3]) await deliver(mailbox, { from: anna, subject: `Mail ${n}`, text: `mail ${n}` });

		const [a, b] = await Promise.all([pollMailbox(credentials, poll), pollMailbox(credentials, poll)]);

		expect([...a, ...b].map((m) => m.text).sort()).toEqual(['mail 1', 'mail 2', 'mail 3']);
	});
});
