import type { Migration } from './migration';

/**
 * The client address of a failed link-code attempt, where the channel knows it (the web chat):
 * fresh chats are new identities for free, but they come from an address.
 */
export const linkCodeFailureAddressesMigration: Migration = {
	version: 24,
	name: 'link code failure addresses',
	up: () => ['ALTER TABLE link_code_failures ADD COLUMN address TEXT', 'CREATE INDEX link_code_failures_address ON link_code_failures (address, failed_at)'],
};
