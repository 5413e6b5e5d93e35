import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { EmailCredentials } from '../../../../nodes/shared/channels/email/credentials';
import type { PollOptions } from '../../../../nodes/shared/channels/email/inbound';
import { MIGRATIONS, migrate, openSqliteDb, storeOn, type Migration, type Store } from '../../../../nodes/shared/store';
import { emailWatermarksMigration } from '../../../../nodes/shared/store/migrations/007-email-watermarks';
import { emailWatermarks } from '../../../../nodes/shared/store/watermarks';
import type { Dovecot } from '../../../fakes/email/dovecot';
import type { FakeSmtp } from '../../../fakes/email/smtp';

/**
 * The store's migrations with the watermark table's, in version order, whether or not the store's
 * MIGRATIONS list includes it yet.
 */
export const MIGRATIONS_WITH_WATERMARKS: readonly Migration[] = MIGRATIONS.includes(emailWatermarksMigration)
	? MIGRATIONS
	: [...MIGRATIONS, emailWatermarksMigration].sort((a, b) => a.version - b.version);

/** A real SQLite store with the watermark table, in a temp folder of its own. */
export async function openTestStore(): Promise<{ store: Store; poll: PollOptions; dispose(): Promise<void> }> {
	const dir = mkdtempSync(join(tmpdir(), 'cc-email-store-'));
	const db = openSqliteDb(join(dir, 'contact-center.sqlite'));
	await migrate(db, MIGRATIONS_WITH_WATERMARKS);
	const store = storeOn(db);
	return {
		store,
		poll: {
			watermarks: emailWatermarks(db),
			accept: async (message) => (await store.deliveries.accept(message)).accepted,
		},
		async dispose() {
			await store.close();
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

/** The credential an ops person would fill in for the fake servers. */
export function credentialsFor(imap: Dovecot, smtp?: FakeSmtp, mailbox = 'INBOX'): EmailCredentials {
	return {
		imapHost: imap.host,
		imapPort: imap.port,
		imapSecure: false,
		imapUser: imap.user,
		imapPassword: imap.password,
		mailbox,
		smtpHost: smtp?.host ?? '127.0.0.1',
		smtpPort: smtp?.port ?? 1,
		smtpSecure: false,
		smtpUser: smtp?.user,
		smtpPassword: smtp?.password,
		fromAddress: 'support@acme.test',
		fromName: 'Acme Support',
	};
}
