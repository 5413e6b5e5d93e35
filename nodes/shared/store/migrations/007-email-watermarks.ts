import type { Migration } from './migration';

/** How far each IMAP folder has been read, shared by every process that polls it. */
export const emailWatermarksMigration: Migration = {
	version: 7,
	name: 'e-mail UID watermarks',
	up: ({ timestamp, now }) => [
		`CREATE TABLE email_watermarks (
			mailbox TEXT PRIMARY KEY,
			uid_validity BIGINT NOT NULL,
			last_uid BIGINT NOT NULL,
			updated_at ${timestamp} NOT NULL DEFAULT ${now}
		)`,
	],
};
