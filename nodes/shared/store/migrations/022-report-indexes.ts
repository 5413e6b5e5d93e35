import type { Migration } from './migration';

/**
 * Indexes the reports and the supervisors' dashboard read by, at a center's volume (100,000
 * conversations and a million messages in 90 days; `npm run bench:reports`): conversations and
 * messages by time for a period; a conversation's routing entries, closed ones included (the
 * live-only unique index leaves those out, so every report's per-conversation look-up scanned the
 * whole table); and a conversation's bot replies and operator replies in order, partial indexes
 * whose conditions are the reports' own, so that counting the first and finding the second read
 * the index alone instead of every message of the conversation.
 */
export const reportIndexesMigration: Migration = {
	version: 22,
	name: 'indexes for reports and the dashboard',
	up: () => [
		'CREATE INDEX conversations_created ON conversations (created_at)',
		'CREATE INDEX messages_created ON messages (created_at)',
		'CREATE INDEX routing_entries_conversation ON routing_entries (conversation_id, id)',
		'CREATE INDEX ratings_rated ON ratings (rated_ms)',
		"CREATE INDEX messages_bot_replies ON messages (conversation_id) WHERE author = 'bot'",
		"CREATE INDEX messages_operator_replies ON messages (conversation_id, created_at, id) WHERE author LIKE 'operator:%'",
	],
};
