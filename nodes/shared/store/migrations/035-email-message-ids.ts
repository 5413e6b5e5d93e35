import type { Migration } from './migration';

/**
 * Mail by its Message-ID across conversations: a reply that names only the mail it answers
 * (In-Reply-To without References, as some programs and most out-of-office responders write) is
 * filed under that mail's conversation, found by this index.
 */
export const emailMessageIdsMigration: Migration = {
	version: 35,
	name: 'mail by Message-ID',
	up: () => ["CREATE INDEX messages_email_message_id ON messages (account, channel_message_id) WHERE channel = 'email'"],
};
