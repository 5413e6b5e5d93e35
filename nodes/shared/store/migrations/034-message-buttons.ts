import type { Migration } from './migration';

/**
 * The buttons a reply offered (the bot's menu, "did you mean", "talk to a person"). Channels with
 * their own API carry them to the customer; the web chat page reads its replies from the store, so
 * without them a web chat customer saw the question and nothing to press.
 */
export const messageButtonsMigration: Migration = {
	version: 34,
	name: 'buttons of a reply',
	up: () => ["ALTER TABLE messages ADD COLUMN buttons TEXT NOT NULL DEFAULT '[]'"],
};
