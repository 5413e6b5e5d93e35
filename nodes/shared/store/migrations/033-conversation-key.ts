import type { Migration } from './migration';

/**
 * A thread's conversations by its key, whatever their state: the one resolved last, which a new
 * message reopens, and the thread of an automatic mail. The open key's index is partial (open
 * conversations only), so these were found through `(state, state_at)`, reading every resolved
 * conversation of the store. (PostgreSQL takes this index once it has statistics; before, the
 * two cost the same by its guess.)
 */
export const conversationKeyMigration: Migration = {
	version: 33,
	name: 'index of conversations by thread key',
	up: () => ['CREATE INDEX conversations_key ON conversations (channel, account, conversation_key, id)'],
};
