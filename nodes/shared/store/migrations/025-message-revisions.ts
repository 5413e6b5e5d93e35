import type { Migration } from './migration';

/**
 * A customer's edit, deletion or reaction changes the message it names instead of adding one, and a
 * reply keeps what it answers. `channel_message_id` is the channel's id of the message (not of its
 * delivery: a Telegram update_id, a VK event_id), the name later edits, reactions and replies use.
 * Rows of before this step get it where the two ids are the same (every channel but Telegram and VK
 * inbound, and every sent message).
 */
export const messageRevisionsMigration: Migration = {
	version: 25,
	name: 'message revisions and replies',
	up: ({ timestamp }) => [
		'ALTER TABLE messages ADD COLUMN channel_message_id TEXT',
		'ALTER TABLE messages ADD COLUMN original_text TEXT',
		`ALTER TABLE messages ADD COLUMN edited_at ${timestamp}`,
		`ALTER TABLE messages ADD COLUMN deleted_at ${timestamp}`,
		"ALTER TABLE messages ADD COLUMN reactions TEXT NOT NULL DEFAULT '[]'",
		// When an edit, deletion or reaction last changed the row: the desk's cursor for changes to lines it already shows.
		`ALTER TABLE messages ADD COLUMN revised_at ${timestamp}`,
		'ALTER TABLE messages ADD COLUMN reply_to BIGINT',
		'ALTER TABLE messages ADD COLUMN reply_excerpt TEXT',
		"UPDATE messages SET channel_message_id = external_id WHERE direction = 'out' OR channel NOT IN ('telegram', 'vk')",
		'CREATE INDEX messages_channel_message ON messages (conversation_id, channel_message_id)',
		'CREATE INDEX messages_revised ON messages (conversation_id, revised_at)',
	],
};
