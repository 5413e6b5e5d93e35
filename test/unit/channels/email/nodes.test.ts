import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { ICredentialsDecrypted, ICredentialTestFunctions, IPollFunctions } from 'n8n-workflow';

import { EmailTrigger } from '../../../../nodes/EmailTrigger/EmailTrigger.node';
import { emailCredentialTest } from '../../../../nodes/node-kit/emailCredential';
import { closeAllStores, migrate, openSqliteDb } from '../../../../nodes/shared/store';
import { startDovecot, type Dovecot } from '../../../fakes/email/dovecot';
import { composeMail } from '../../../fakes/email/mails';
import { startFakeSmtp, type FakeSmtp } from '../../../fakes/email/smtp';
import { credentialsFor, MIGRATIONS_WITH_WATERMARKS } from './mailboxStore';

/**
 * The n8n side of the trigger: what n8n hands a polling node (credentials, mode, parameters), so
 * that the node's own wiring of core and store is what runs.
 */
function pollContext(mode: 'trigger' | 'manual', email: object, sqliteFile: string): IPollFunctions {
	const credentials: Record<string, object> = {
		contactCenterEmailApi: email,
		contactCenterStoreApi: { backend: 'sqlite', sqliteFile },
	};
	return {
		getMode: () => mode,
		getCredentials: async (name: string) => credentials[name],
		getNodeParameter: (_name: string, fallback: unknown) => fallback,
	} as unknown as IPollFunctions;
}

describe('the E-mail Channel Trigger polls the mailbox as n8n schedules it', () => {
	let dovecot: Dovecot;
	let smtp: FakeSmtp;
	let dir: string;
	let sqliteFile: string;

	beforeAll(async () => {
		dovecot = await startDovecot();
		smtp = await startFakeSmtp();
	});
	afterAll(async () => {
		await smtp?.close();
		await dovecot?.close();
	});
	beforeEach(async () => {
		dir = mkdtempSync(join(tmpdir(), 'cc-email-node-'));
		sqliteFile = join(dir, 'contact-center.sqlite');
		// Until migration 7 is in the store's MIGRATIONS list, the store does not create the watermark table itself.
		const db = openSqliteDb(sqliteFile);
		await migrate(db, MIGRATIONS_WITH_WATERMARKS);
		await db.close();
	});
	afterEach(async () => {
		await closeAllStores();
		rmSync(dir, { recursive: true, force: true });
	});

	it('emits each new mail once as { message }, and a test run only shows the newest without taking it', async () => {
		const credentials = credentialsFor(dovecot, smtp, 'NodeInbox');
		const { raw } = await composeMail({ from: { name: 'Anna', address: 'anna@example.net' }, subject: 'Refund', text: 'Please refund order 77.' });
		const uid = await dovecot.deliver(raw, { mailbox: 'NodeInbox' });
		const trigger = new EmailTrigger();

		const preview = await trigger.poll.call(pollContext('manual', credentials, sqliteFile));
		expect(preview?.[0].map((item) => (item.json.message as { text: string }).text)).toEqual(['Please refund order 77.']);
		expect(await dovecot.flags(uid, 'NodeInbox')).not.toContain('\\Seen');

		const first = await trigger.poll.call(pollContext('trigger', credentials, sqliteFile));
		const second = await trigger.poll.call(pollContext('trigger', credentials, sqliteFile));

		expect(first).toHaveLength(2);
		expect(first![0]).toHaveLength(1);
		expect(first![0][0].json.message).toMatchObject({ channel: 'email', subject: 'Refund', sender: { email: 'anna@example.net' } });
		expect(first![1]).toEqual([]);
		expect(second).toBeNull();
		expect(await dovecot.flags(uid, 'NodeInbox')).toContain('\\Seen');
	});

	it('hands an out-of-office reply on by the Automatic Mail output, never beside customer mail', async () => {
		const credentials = credentialsFor(dovecot, smtp, 'AutoInbox');
		const customer = await composeMail({ from: { name: 'Boris', address: 'boris@example.net' }, subject: 'Invoice', text: 'Where is my invoice?' });
		const away = await composeMail({
			from: { name: 'Vera', address: 'vera@example.net' },
			subject: 'Автоответ: Re: Ваш заказ',
			text: 'Я в отпуске до 10 июня.',
			inReplyTo: '<reply-1@acme.test>',
		});
		await dovecot.deliver(customer.raw, { mailbox: 'AutoInbox' });
		await dovecot.deliver(away.raw, { mailbox: 'AutoInbox' });

		const [customerMail, automaticMail] = (await new EmailTrigger().poll.call(pollContext('trigger', credentials, sqliteFile)))!;

		expect(customerMail.map((item) => (item.json.message as { text: string }).text)).toEqual(['Where is my invoice?']);
		expect(automaticMail.map((item) => item.json.message)).toMatchObject([
			{ text: 'Я в отпуске до 10 июня.', automatic: { kind: 'auto-reply', reason: 'Subject: Автоответ: Re: Ваш заказ' } },
		]);
	});

	it('tests the credential by logging in to IMAP and SMTP, and names the server that refused', async () => {
		const test = (data: object) =>
			emailCredentialTest.contactCenterEmailLogin.call(
				{} as ICredentialTestFunctions,
				{ id: '1', name: 'mailbox', type: 'contactCenterEmailApi', data } as unknown as ICredentialsDecrypted,
			);
		const good = credentialsFor(dovecot, smtp);

		expect(await test(good)).toEqual({ status: 'OK', message: 'Logged in to IMAP and SMTP' });
		expect(await test({ ...good, imapPassword: 'wrong' })).toMatchObject({ status: 'Error', message: expect.stringMatching(/^IMAP: /) });
		expect(await test({ ...good, smtpPassword: 'wrong' })).toMatchObject({ status: 'Error', message: expect.stringMatching(/^SMTP: .*Authentication/) });
	}, 20_000); // nodemailer reports a refused SMTP login only after about 4 s
});
