import type { Migration } from './migration';

/**
 * The self-service bot: its knowledge base, where each conversation stands in the bot's menu, its
 * language and how often the bot failed it, and the key/value settings ops staff change at run time (the
 * incident banner). JSON values are text in both dialects, as elsewhere in the store.
 */
export const selfServiceBotMigration: Migration = {
	version: 6,
	name: 'self-service bot: knowledge base, conversation state, settings',
	up: ({ id, timestamp, now }) => [
		`CREATE TABLE knowledge_base (
			id ${id},
			entry_key TEXT NOT NULL UNIQUE,
			intent TEXT NOT NULL,
			language TEXT NOT NULL,
			questions TEXT NOT NULL,
			answer TEXT NOT NULL,
			tags TEXT NOT NULL DEFAULT '[]',
			created_at ${timestamp} NOT NULL DEFAULT ${now},
			updated_at ${timestamp} NOT NULL DEFAULT ${now}
		)`,
		`CREATE TABLE bot_conversations (
			conversation_id BIGINT PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
			menu_path TEXT NOT NULL DEFAULT '',
			language TEXT,
			failures INTEGER NOT NULL DEFAULT 0,
			handoff_reason TEXT,
			handoff_at ${timestamp},
			updated_at ${timestamp} NOT NULL DEFAULT ${now}
		)`,
		`CREATE TABLE settings (
			key TEXT PRIMARY KEY,
			value TEXT NOT NULL,
			updated_at ${timestamp} NOT NULL DEFAULT ${now}
		)`,
	],
};
