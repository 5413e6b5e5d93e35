import type { Migration } from './migration';

/**
 * The conversation's lifecycle state (`lifecycle/states.ts`) and since when it holds. Existing rows
 * get the state their routing says; an answered one is told apart by an operator's reply after the
 * customer's last message.
 */
export const conversationLifecycleMigration: Migration = {
	version: 16,
	name: 'conversation lifecycle state',
	up: ({ timestamp }) => [
		"ALTER TABLE conversations ADD COLUMN state TEXT NOT NULL DEFAULT 'bot'",
		`ALTER TABLE conversations ADD COLUMN state_at ${timestamp}`,
		`UPDATE conversations SET state = CASE
			WHEN status = 'closed' THEN 'closed'
			WHEN EXISTS (SELECT 1 FROM routing_entries e WHERE e.conversation_id = conversations.id AND e.state = 'queued') THEN 'queued'
			WHEN EXISTS (SELECT 1 FROM routing_entries e WHERE e.conversation_id = conversations.id AND e.state = 'assigned') THEN
				CASE WHEN COALESCE((SELECT MAX(id) FROM messages m WHERE m.conversation_id = conversations.id AND m.direction = 'out' AND m.author LIKE 'operator%'), 0)
					> COALESCE((SELECT MAX(id) FROM messages m WHERE m.conversation_id = conversations.id AND m.direction = 'in'), 0)
				THEN 'answered' ELSE 'assigned' END
			ELSE 'bot' END,
			state_at = updated_at`,
		// The every-minute resolver looks conversations up by state and age.
		'CREATE INDEX conversations_state ON conversations (state, state_at)',
	],
};
