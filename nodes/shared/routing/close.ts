import type { Store } from '../store';
import { routerOn } from './router';
import type { RoutingEntry } from './types';

/**
 * Closes a conversation, wherever that happens (the desk, the Conversation node, the team chat):
 * the operator's slot is freed and the next waiting conversation drawn into it, then the
 * conversation is resolved (reopened if the customer writes within the reopen window).
 * Releasing an entry already released frees nothing, so closing twice frees the slot once.
 */
export async function closeAndRelease(store: Store, conversationId: number, at = new Date()): Promise<{ nextAssigned: RoutingEntry[] }> {
	const { assigned } = await routerOn(store.db).release(conversationId, at);
	await store.conversations.close(conversationId, at);
	return { nextAssigned: assigned };
}
