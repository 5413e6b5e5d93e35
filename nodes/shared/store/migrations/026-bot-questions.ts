import type { Migration } from './migration';

/**
 * What the bot could not answer, for the bot to learn from: each question it handed to a person
 * or answered only with "did you mean", the entry the customer then picked, and whether ops staff
 * have added it to the knowledge base. The operators' answers are read from the conversation's
 * messages, not copied here.
 */
export const botQuestionsMigration: Migration = {
	version: 26,
	name: 'bot questions to learn from',
	up: ({ id, timestamp, now }) => [
		`CREATE TABLE bot_questions (
			id ${id},
			conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
			question TEXT NOT NULL,
			language TEXT NOT NULL,
			outcome TEXT NOT NULL,
			picked_entry TEXT,
			status TEXT NOT NULL DEFAULT 'open',
			asked_at ${timestamp} NOT NULL DEFAULT ${now},
			updated_at ${timestamp} NOT NULL DEFAULT ${now}
		)`,
		'CREATE INDEX bot_questions_open ON bot_questions (status, asked_at)',
		'CREATE INDEX bot_questions_conversation ON bot_questions (conversation_id, id)',
	],
};
