import type { Migration } from './migration';

/**
 * A delivery keeps the message it carried, so that one acknowledged to the channel but never
 * answered (n8n killed, the database gone mid-run) can be run again from the store; the
 * recovery stamps keep two recoverers apart and stop a message that keeps failing.
 */
export const deliveryRecoveryMigration: Migration = {
	version: 13,
	name: 'delivery recovery',
	up: ({ timestamp }) => [
		'ALTER TABLE deliveries ADD COLUMN envelope TEXT',
		`ALTER TABLE deliveries ADD COLUMN recovered_at ${timestamp}`,
		'ALTER TABLE deliveries ADD COLUMN recovery_attempts INTEGER NOT NULL DEFAULT 0',
	],
};
