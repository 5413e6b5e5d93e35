import type { Migration } from './migration';

/**
 * Failed link-code attempts per identity: a code is six digits, so without a limit anyone could
 * try codes until one joins their channel to a stranger's card.
 */
export const linkCodeFailuresMigration: Migration = {
	version: 14,
	name: 'link code failures',
	up: ({ id, timestamp }) => [
		`CREATE TABLE link_code_failures (
			id ${id},
			identity_id BIGINT NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
			failed_at ${timestamp} NOT NULL
		)`,
		'CREATE INDEX link_code_failures_identity ON link_code_failures (identity_id, failed_at)',
	],
};
