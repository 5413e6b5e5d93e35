import type { Store } from '../store/types';
import { cardText, messageLine } from './card';
import { postInTopic, TeamGroupError, type TeamGroup } from './group';
import { claimTopic, dropClaim, moveRelayMark, setThread, topicOf } from './topics';

export type PostOutcome =
	| { status: 'posted'; conversationId: number; threadId: number; opened: boolean; relayed: number }
	/** Another run is opening the topic right now; it shows the card with every message so far. */
	| { status: 'opening'; conversationId: number };

/**
 * Brings the team group up to date on a handed-off conversation: opens its topic with the
 * customer card as the first post, or relays the customer's messages written since the last
 * run. Safe to repeat: a retried execution neither opens a second topic nor relays twice.
 * `notice` is posted after that (a failed reply, say), for the operators' eyes only.
 */
export async function postToTeamTopic(store: Store, group: TeamGroup, conversationId: number, notice?: string): Promise<PostOutcome> {
	const conversation = await store.conversations.get(conversationId);
	if (!conversation) throw new Error(`Conversation ${conversationId} does not exist`);
	const topic = await topicOf(store.db, conversationId);
	let threadId = topic?.threadId ?? null;
	let mark = topic?.lastRelayedId ?? 0;
	const opened = threadId === null;
	if (threadId === null) {
		if (!(await claimTopic(store.db, conversationId, group.chatId))) return { status: 'opening', conversationId };
		const card = await cardText(store, conversation);
		try {
			threadId = (await group.client.createForumTopic(group.chatId, card.name)).message_thread_id;
		} catch (error) {
			await dropClaim(store.db, conversationId);
			throw new TeamGroupError(`Opening a topic in the team group failed: ${(error as Error).message}`);
		}
		mark = card.lastMessageId;
		await setThread(store.db, conversationId, threadId, mark);
		await postInTopic(group, threadId, card.text);
	}
	const customer = await store.customers.get(conversation.customerId);
	const relayed = await relayCustomerMessages(store, group, { conversationId, threadId, mark, customerName: customer?.name ?? null });
	if (notice?.trim()) await postInTopic(group, threadId, notice);
	return { status: 'posted', conversationId, threadId, opened, relayed };
}

/**
 * The customer's messages after `mark`, into the topic. The mark moves before the posts so that
 * concurrent runs split the work instead of doubling it, and moves back if posting fails, so the
 * next run relays what this one could not.
 */
async function relayCustomerMessages(
	store: Store,
	group: TeamGroup,
	{ conversationId, threadId, mark, customerName }: { conversationId: number; threadId: number; mark: number; customerName: string | null },
): Promise<number> {
	const newer = await store.messages.list(conversationId, mark);
	if (!newer.length) return 0;
	const to = newer.at(-1)!.id;
	if (!(await moveRelayMark(store.db, conversationId, mark, to))) return 0;
	const fromCustomer = newer.filter((m) => m.direction === 'in');
	if (!fromCustomer.length) return 0;
	try {
		await postInTopic(group, threadId, fromCustomer.map((m) => messageLine(m, customerName)).join('\n'));
	} catch (error) {
		await moveRelayMark(store.db, conversationId, to, mark);
		throw error;
	}
	return fromCustomer.length;
}
