import type { Migration } from './migration';

/** The intent the bot last answered in a conversation: the same question asked again means the answer did not help. */
export const botLastAnswerMigration: Migration = {
	version: 23,
	name: 'bot last answer',
	up: () => ['ALTER TABLE bot_conversations ADD COLUMN last_answer TEXT'],
};
