import { callsOf, type CallRecord } from '../calls/record';
import { cardForStaff, loadCard, type CustomerCard } from '../customers';
import { storedPriority, type Priority } from '../priority';
import { routerOn, type Operator } from '../routing';
import { SAME_CUSTOMER_IDS } from '../store/customers';
import { iso, toConversation, toMessage } from '../store/rows';
import type { Conversation, Db, StoredMessage } from '../store/types';
import { isSupervisor, requireAccess } from './access';
import { attachmentView, type AttachmentView } from './attachments';
import { DeskError } from './errors';
import { notesOf, type Note } from './notes';
import { ratingOf, type Rating } from './ratings';

/** One message of the customer's history as the desk shows it, on whichever channel it went. */
export interface HistoryLine {
	id: number;
	conversationId: number;
	channel: string;
	direction: 'in' | 'out';
	/** Who wrote it: the customer, the self-service bot, an operator or a system notice. */
	from: 'customer' | 'bot' | 'operator' | 'system';
	operatorName: string | null;
	text: string;
	/** In the order the message carries them: the `attachment` call names an image by its position. */
	attachments: AttachmentView[];
	status: string;
	error: string | null;
	at: string;
	/** The customer changed it: `text` is the latest; `original` is what they first wrote (null once deleted, for an operator). */
	edited: { at: string; original: string | null } | null;
	/**
	 * The customer deleted it on their side. A supervisor still reads what it said; an operator sees
	 * only that it was deleted (its text, original and attachments left out).
	 */
	deleted: { at: string } | null;
	/** The emoji people put on it, one per person. */
	reactions: string[];
	/** What it answers: a line of this history (`messageId`) and an excerpt, or the channel's quote alone. */
	inReplyTo: { messageId: number | null; excerpt: string | null } | null;
}

export interface RoutingView {
	state: string;
	groupId: number;
	groupName: string;
	line: number;
	operatorId: number | null;
	operatorName: string | null;
	deadline: string | null;
	note: string | null;
}

export interface ConversationView {
	now: string;
	conversation: Conversation;
	routing: RoutingView | null;
	priority: Priority | null;
	tags: string[];
	rating: Rating | null;
	/** Beside the conversation; the fields the operator may correct are name, phone, e-mail, language and `fields`. */
	customer: CustomerCard;
	/** Every conversation of the customer, on every channel, oldest first. */
	conversations: Array<Pick<Conversation, 'id' | 'channel' | 'status' | 'topic' | 'createdAt' | 'closedAt'>>;
	history: HistoryLine[];
	/** The customer's phone calls, newest first: the menu path, the wait, who answered, the chat offer taken. */
	calls: CallRecord[];
	notes: Array<Note & { operatorName: string | null }>;
	/** Pass back to `changes` to get only what is newer. */
	cursor: HistoryCursor;
}

const NEVER = new Date(0).toISOString();

/** How much of a long-standing customer's history one view carries. */
const HISTORY_LIMIT = 500;

function fromOf(author: string): HistoryLine['from'] {
	if (author === 'customer') return 'customer';
	if (author.startsWith('operator')) return 'operator';
	return author === 'bot' ? 'bot' : 'system';
}

/** The customer's conversations, including those of cards merged into theirs. */
export async function customerConversations(db: Db, customerId: number): Promise<Conversation['id'][]> {
	const rows = await db.query(
		`SELECT id FROM conversations WHERE customer_id IN ${SAME_CUSTOMER_IDS} ORDER BY id`,
		[customerId, customerId],
	);
	return rows.map((r) => Number(r.id));
}

/** Where the page's history stands: the last line it has, and the last change to a line it has (an edit, a reaction). */
export interface HistoryCursor {
	messageId: number;
	noteId: number;
	revisedAt?: string;
}

/** What the desk says in place of a message the customer deleted. */
export const DELETED_LABEL = 'deleted by the customer';

/** What of a deleted message the operator may still read: a supervisor all of it, anyone else nothing. */
function deletedFor(m: StoredMessage, reader: Operator): Pick<HistoryLine, 'text' | 'attachments' | 'edited'> | null {
	if (!m.deletedAt || isSupervisor(reader)) return null;
	return { text: '', attachments: [], edited: m.editedAt ? { at: m.editedAt, original: null } : null };
}

async function historyOf(db: Db, conversationIds: number[], after: HistoryCursor, operators: Operator[], reader: Operator): Promise<HistoryLine[]> {
	const revised = after.revisedAt ? ' OR revised_at > ?' : '';
	const rows = await db.query(
		`SELECT * FROM (SELECT * FROM messages WHERE conversation_id IN (${conversationIds.map(() => '?').join(', ')}) AND (id > ?${revised})
		 ORDER BY id DESC LIMIT ?) recent ORDER BY id`,
		[...conversationIds, after.messageId, ...(after.revisedAt ? [after.revisedAt] : []), HISTORY_LIMIT],
	);
	return rows.map((r) => {
		const m = toMessage(r);
		const operatorId = m.author.startsWith('operator:') ? Number(m.author.slice('operator:'.length)) : null;
		return {
			id: m.id,
			conversationId: m.conversationId,
			channel: m.channel,
			direction: m.direction,
			from: fromOf(m.author),
			operatorName: operators.find((o) => o.id === operatorId)?.name ?? null,
			text: m.text,
			attachments: m.attachments.map((a) => attachmentView(a, m.channel)),
			status: m.status,
			error: m.error,
			at: m.createdAt,
			edited: m.editedAt ? { at: m.editedAt, original: m.originalText } : null,
			deleted: m.deletedAt ? { at: m.deletedAt } : null,
			reactions: m.reactions.map((reaction) => reaction.emoji),
			inReplyTo: m.replyTo !== null || m.replyExcerpt !== null ? { messageId: m.replyTo, excerpt: m.replyExcerpt } : null,
			...deletedFor(m, reader),
		};
	});
}

async function routingOf(db: Db, entry: Awaited<ReturnType<typeof requireAccess>>['entry'], operators: Operator[]): Promise<RoutingView | null> {
	if (!entry) return null;
	const group = await routerOn(db).groups.get(entry.groupId);
	return {
		state: entry.state,
		groupId: entry.groupId,
		groupName: group?.name ?? String(entry.groupId),
		line: entry.line,
		operatorId: entry.operatorId,
		operatorName: operators.find((o) => o.id === entry.operatorId)?.name ?? null,
		deadline: entry.deadline,
		note: entry.note,
	};
}

/** The conversation with the customer's whole history across channels, their card, and internal notes. */
export async function conversationView(
	db: Db,
	operator: Operator,
	conversationId: number,
	after: HistoryCursor = { messageId: 0, noteId: 0 },
	at = new Date(),
): Promise<ConversationView> {
	const { conversation, entry } = await requireAccess(db, operator, conversationId);
	const operators = await routerOn(db).operators.list();
	const customer = cardForStaff(await loadCard(db, conversation.customerId));
	const ids = await customerConversations(db, customer.id ?? conversation.customerId);
	const conversations = (await db.query(`SELECT * FROM conversations WHERE id IN (${ids.map(() => '?').join(', ')}) ORDER BY id`, ids))
		.map(toConversation)
		.map(({ id, channel, status, topic, createdAt, closedAt }) => ({ id, channel, status, topic, createdAt, closedAt }));
	const history = await historyOf(db, ids, after, operators, operator);
	const notes = (await notesOf(db, ids, after.noteId)).map((n) => ({
		...n,
		operatorName: operators.find((o) => o.id === n.operatorId)?.name ?? null,
	}));
	const [lastMessage] = await db.query(
		`SELECT MAX(id) AS id, MAX(revised_at) AS revised_at FROM messages WHERE conversation_id IN (${ids.map(() => '?').join(', ')})`,
		ids,
	);
	return {
		now: at.toISOString(),
		// A web chat's conversation key is the visitor's session id: not for staff to see.
		conversation: conversation.channel === 'webchat' ? { ...conversation, conversationKey: '' } : conversation,
		routing: await routingOf(db, entry, operators),
		priority: await storedPriority(db, conversationId),
		tags: await tagsOf(db, conversationId),
		rating: await ratingOf(db, conversationId),
		customer,
		conversations,
		history,
		calls: await callsOf(db, customer.id ?? conversation.customerId),
		notes,
		cursor: {
			messageId: Math.max(after.messageId, Number(lastMessage?.id ?? 0)),
			noteId: Math.max(after.noteId, ...notes.map((n) => n.id)),
			// None revised yet: any line revised later is newer than the epoch.
			revisedAt: lastMessage?.revised_at ? iso(lastMessage.revised_at) : (after.revisedAt ?? NEVER),
		},
	};
}

async function tagsOf(db: Db, conversationId: number): Promise<string[]> {
	const rows = await db.query('SELECT tag FROM conversation_tags WHERE conversation_id = ? ORDER BY tag', [conversationId]);
	return rows.map((r) => String(r.tag));
}

/**
 * What changed in the open conversation since the page's cursor. Losing access meanwhile (a
 * transfer to another group) is an answer, not an error: the page closes the pane and says why.
 */
export async function conversationChanges(
	db: Db,
	operator: Operator,
	conversationId: number,
	after: HistoryCursor,
	at = new Date(),
): Promise<ConversationView | { lost: string }> {
	try {
		return await conversationView(db, operator, conversationId, after, at);
	} catch (error) {
		if (error instanceof DeskError && (error.status === 403 || error.status === 404)) return { lost: error.message };
		throw error;
	}
}
