import type { Migration } from './migration';

/**
 * A conversation's inbound messages in order, with when each was written: what the Prioritizer
 * asks on every message (the oldest customer message since the last operator answer) and the
 * customer card asks per conversation (when the customer last wrote). Without it PostgreSQL
 * answered from `messages_inbound_key` (every inbound message of the store) or, once it has
 * statistics, from `messages_created` (every message since the oldest one it wants).
 */
export const inboundByConversationMigration: Migration = {
	version: 30,
	name: "a conversation's inbound messages",
	up: () => ["CREATE INDEX messages_inbound_conversation ON messages (conversation_id, id, created_at) WHERE direction = 'in'"],
};
