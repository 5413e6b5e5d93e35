import type { Migration } from './migration';

/**
 * Team chat: operators answering from a Telegram forum group. Each handed-off conversation gets
 * one topic; the row is claimed before the topic is created (claimed_ms) so that two workers, or
 * a retried execution, do not open two topics, and it remembers the last customer message relayed
 * so that every later one is relayed exactly once. Operators are recognised by their Telegram
 * user id, which is global across bots.
 */
export const teamChatMigration: Migration = {
	version: 12,
	name: 'team chat: forum topics per conversation, operators on Telegram',
	up: ({ timestamp, now }) => [
		`CREATE TABLE team_topics (
			conversation_id BIGINT PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
			chat_id TEXT NOT NULL,
			thread_id BIGINT,
			claimed_ms BIGINT NOT NULL,
			last_relayed_id BIGINT NOT NULL DEFAULT 0,
			closed INTEGER NOT NULL DEFAULT 0,
			created_at ${timestamp} NOT NULL DEFAULT ${now}
		)`,
		'CREATE UNIQUE INDEX team_topics_thread ON team_topics (chat_id, thread_id)',
		`CREATE TABLE operator_telegram_users (
			telegram_user_id TEXT PRIMARY KEY,
			operator_id BIGINT NOT NULL UNIQUE REFERENCES operators (id) ON DELETE CASCADE
		)`,
	],
};
