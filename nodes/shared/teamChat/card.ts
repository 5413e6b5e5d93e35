import { cardForStaff, loadCard } from '../customers';
import { storedPriority } from '../priority';
import { heldByOperator, routerOn } from '../routing';
import { latestEntry } from '../routing/views';
import type { Conversation, StoredMessage, Store } from '../store/types';

/** Telegram's limit on a topic name. */
const TOPIC_NAME_LIMIT = 128;
/** How many of the conversation's messages the card repeats, so the operator starts with context. */
const CARD_MESSAGES = 5;

export function topicName(conversation: Conversation, customerName: string | null): string {
	const name = `#${conversation.id} ${customerName?.trim() || 'Customer'} · ${conversation.channel}`;
	return name.length <= TOPIC_NAME_LIMIT ? name : `${name.slice(0, TOPIC_NAME_LIMIT - 1)}…`;
}

/** One message as the topic shows it: who wrote, the text, and what was attached. */
export function messageLine(message: StoredMessage, customerName: string | null): string {
	const who = message.author === 'customer' ? customerName?.trim() || 'Customer' : message.author;
	const files = message.attachments.map((a) => `[${a.type}${a.name ? `: ${a.name}` : ''}${a.url ? ` ${a.url}` : ''}]`);
	return `${who}: ${[message.text, ...files].filter(Boolean).join(' ')}`;
}

/**
 * The customer card the topic opens with: who they are, how to reach them, how urgent it is,
 * where routing has it, and the last messages. Plain text: customer data is never markup.
 */
export async function cardText(store: Store, conversation: Conversation): Promise<{ name: string; text: string; lastMessageId: number }> {
	const card = cardForStaff(await loadCard(store.db, conversation.customerId));
	const priority = await storedPriority(store.db, conversation.id);
	const entry = await latestEntry(store.db, conversation.id);
	const router = routerOn(store.db);
	const group = entry ? await router.groups.get(entry.groupId) : null;
	const operator = entry?.operatorId ? await router.operators.get(entry.operatorId) : null;
	const messages = await store.messages.list(conversation.id);
	const fields = Object.entries(card.fields).map(([k, v]) => `${k}: ${v}`);
	const lines = [
		`Customer: ${card.name ?? 'unknown'}${card.vipTier > 0 ? ` · VIP tier ${card.vipTier}` : ''}`,
		card.phone ? `Phone: ${card.phone}` : null,
		card.email ? `E-mail: ${card.email}` : null,
		card.language ? `Language: ${card.language}` : null,
		fields.length ? `Details: ${fields.join('; ')}` : null,
		`Channels: ${card.identities.map((i) => `${i.channel}${i.externalUserId ? ` ${i.externalUserId}` : ''}${i.status === 'active' ? '' : ` (${i.status})`}`).join(', ') || 'none'}`,
		`Conversation #${conversation.id} on ${conversation.channel}${card.totalConversations > 1 ? ` · ${card.totalConversations} conversations in all` : ''}`,
		`Topic: ${conversation.topic ?? 'not classified'}`,
		priority ? `Priority: ${priority.level} (${priority.score})${priority.reasons.length ? ` — ${priority.reasons.join('; ')}` : ''}` : null,
		entry && group ? `Routing: ${heldByOperator(entry) && operator ? `with ${operator.name}${entry.state === 'waiting' ? ', waiting for the customer' : ''}` : entry.state} in ${group.name} (line ${entry.line})` : null,
		'',
		'Last messages:',
		...messages.slice(-CARD_MESSAGES).map((m) => messageLine(m, card.name)),
		'',
		'Write here to answer the customer. /note <text> (internal), /tag <tag>, /transfer <group or line 1-3>, /close',
	];
	return {
		name: topicName(conversation, card.name),
		text: lines.filter((l) => l !== null).join('\n'),
		lastMessageId: messages.at(-1)?.id ?? 0,
	};
}
