import type { Migration } from './migration';

/**
 * The identity a conversation's customer last wrote in it from: where its replies go. A card that
 * merged two people's addresses (home and work mail, two phones) has several on one channel, and
 * the reply to the work thread goes to the work address.
 */
export const conversationIdentityMigration: Migration = {
	version: 36,
	name: 'the identity a conversation answers',
	up: () => ['ALTER TABLE conversations ADD COLUMN identity_id BIGINT'],
};
