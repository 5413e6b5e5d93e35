import { cardForStaff, correctCard, loadCard, type CardCorrection, type CustomerCard } from '../customers';
import { closeAndRelease, heldByOperator, routerOn, type Line, type Operator, type OperatorStatus, type RoutingEntry } from '../routing';
import type { Conversation, Store } from '../store';
import { setConversationTopic } from '../topics';
import { isSupervisor, requireAccess, type Granted } from './access';
import { fillVariables, searchCannedReplies } from './canned';
import { DeskError } from './errors';
import { addNote } from './notes';
import { forgetAbsence } from './presence';
import { requestRating } from './ratings';

/** The conversation, refused unless routing still has it live (queued or held). */
async function requireLive(store: Store, operator: Operator, conversationId: number): Promise<{ conversation: Granted['conversation']; entry: RoutingEntry }> {
	const granted = await requireAccess(store.db, operator, conversationId);
	if (granted.conversation.status !== 'open') throw new DeskError(409, `Conversation ${conversationId} is closed.`);
	if (!granted.entry || granted.entry.state === 'closed') {
		throw new DeskError(409, `Conversation ${conversationId} is not waiting for or held by an operator.`);
	}
	return { conversation: granted.conversation, entry: granted.entry };
}

/**
 * A colleague's conversation is theirs: an operator may move or close one they hold, or one
 * waiting in a queue of theirs, but not take one from another operator's hands (a supervisor may).
 */
function refuseIfAnothersHeld(operator: Operator, entry: RoutingEntry | null, conversationId: number, what: string): void {
	if (isSupervisor(operator) || !entry || !heldByOperator(entry) || entry.operatorId === operator.id) return;
	throw new DeskError(403, `Conversation ${conversationId} is held by another operator: only a supervisor can ${what} it.`);
}

export async function changeTags(store: Store, operator: Operator, conversationId: number, add: string[], remove: string[]): Promise<string[]> {
	await requireAccess(store.db, operator, conversationId);
	const clean = (tags: string[]) => [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
	if (remove.length) await store.conversations.removeTags(conversationId, clean(remove));
	return add.length ? store.conversations.addTags(conversationId, clean(add)) : store.conversations.tags(conversationId);
}

export interface TransferTarget {
	group?: string;
	line?: Line;
	/** Operator id or login. */
	operator?: number | string;
	note?: string;
}

/**
 * Hands the conversation to another group, line or operator through the router, and keeps the
 * note as an internal note. Naming an operator is a supervisor's reassignment, or an operator
 * passing on a conversation they hold.
 */
export async function transfer(store: Store, operator: Operator, conversationId: number, to: TransferTarget, at?: Date) {
	const { entry } = await requireLive(store, operator, conversationId);
	const targets = [to.group, to.line, to.operator].filter((t) => t !== undefined && t !== '');
	if (targets.length !== 1) throw new DeskError(400, 'Transfer to exactly one of: a skill group, a line or an operator.');
	if (to.operator !== undefined && !isSupervisor(operator) && entry.operatorId !== operator.id) {
		throw new DeskError(403, 'Only a supervisor can reassign a conversation another operator holds or that waits in the queue.');
	}
	refuseIfAnothersHeld(operator, entry, conversationId, 'transfer');
	const router = routerOn(store.db);
	const target = to.operator !== undefined ? await router.operators.get(to.operator) : null;
	if (to.operator !== undefined && !target) throw new DeskError(404, `Operator ${to.operator} does not exist.`);
	const note = to.note?.trim() || undefined;
	let outcome;
	try {
		outcome = await router.escalate(conversationId, {
			...(to.group ? { toGroup: to.group } : {}),
			...(to.line ? { toLine: to.line } : {}),
			...(target ? { toOperator: target.id } : {}),
			...(note ? { note } : {}),
		}, at);
	} catch (error) {
		throw new DeskError(409, (error as Error).message);
	}
	const group = await router.groups.get(outcome.toGroupId);
	const where = target ? `operator ${target.name}` : `skill group "${group?.name ?? outcome.toGroupId}" (line ${outcome.line})`;
	await addNote(store.db, conversationId, operator.id, 'transfer', `Transferred to ${where}${note ? `: ${note}` : ''}`);
	return outcome;
}

/**
 * Ends the conversation: routing frees the operator's slot. With a rating question, the answer
 * says what to send the customer; their rating is taken when it comes (`recordRating`).
 */
export async function closeConversation(store: Store, operator: Operator, conversationId: number, ratingQuestion: string | null, at?: Date) {
	const askRating = ratingQuestion !== null;
	const { conversation, entry } = await requireAccess(store.db, operator, conversationId);
	if (conversation.status !== 'open') throw new DeskError(409, `Conversation ${conversationId} is already closed.`);
	refuseIfAnothersHeld(operator, entry, conversationId, 'close');
	await closeAndRelease(store, conversationId, at);
	// The rating is for whoever served the customer (the operator report's), not a supervisor closing for them.
	const served = entry && heldByOperator(entry) ? entry.operatorId! : operator.id;
	if (askRating) await requestRating(store.db, conversationId, conversation.customerId, served);
	await addNote(store.db, conversationId, operator.id, 'close', askRating ? 'Closed; the customer was asked for a rating' : 'Closed');
	return {
		conversation: { ...conversation, status: 'closed' as const },
		ratingRequest: askRating ? { ...replyItem(operator, conversation, ratingQuestion, []), automatic: true } : null,
	};
}

/** Online, away or offline; going offline hands the operator's conversations back to the queue. */
export async function setOwnStatus(store: Store, operator: Operator, status: OperatorStatus, at?: Date) {
	await forgetAbsence(store.db, operator.id);
	const { operator: saved, requeued } = await routerOn(store.db).setOperatorStatus(operator.id, status, at);
	return { status: saved.status, requeued: requeued.map((e) => e.conversationId) };
}

/**
 * An operator names the conversation's topic: it stays (the classifier never overwrites it) and
 * the customer's first message becomes a correction the Topic Classifier's model learns from.
 */
export async function setTopic(store: Store, operator: Operator, conversationId: number, topic: string, modelName: string) {
	await requireAccess(store.db, operator, conversationId);
	const { correction } = await setConversationTopic(store, modelName, conversationId, topic);
	return { topic: topic.trim(), learned: correction !== null };
}

export async function correctCustomer(store: Store, operator: Operator, conversationId: number, correction: CardCorrection): Promise<CustomerCard> {
	const { conversation } = await requireAccess(store.db, operator, conversationId);
	return cardForStaff(await loadCard(store.db, await correctCard(store.db, conversation.customerId, correction)));
}

/** Canned replies for the conversation, with variables already filled from its customer and the operator. */
export async function cannedFor(store: Store, operator: Operator, conversationId: number, query: string) {
	const { conversation } = await requireAccess(store.db, operator, conversationId);
	const customer = cardForStaff(await loadCard(store.db, conversation.customerId));
	const replies = await searchCannedReplies(store.db, {
		query,
		// An operator's word on the language first, then what the customer writes in this conversation.
		language: (customer.corrected.includes('language') ? customer.language : null) ?? conversation.language ?? customer.language,
		topic: conversation.topic,
	});
	const context = {
		customer,
		operator: { name: operator.name },
		conversation: { id: conversation.id, topic: conversation.topic, channel: conversation.channel },
	};
	return replies.map((r) => ({ id: r.id, name: r.name, topic: r.topic, language: r.language, text: fillVariables(r.body, context) }));
}

export interface ReplyRequest {
	conversationId: number;
	text: string;
	attachments: Array<{ type: 'image' | 'file'; url: string; name?: string }>;
}

/** Checks a reply may go, and describes it for the workflow whose Reply node sends it. */
export async function prepareReply(store: Store, operator: Operator, reply: ReplyRequest, at?: Date) {
	const { conversation, entry } = await requireAccess(store.db, operator, reply.conversationId);
	if (conversation.status !== 'open') throw new DeskError(409, `Conversation ${conversation.id} is closed: the customer starts a new one by writing.`);
	if (!reply.text.trim() && !reply.attachments.length) throw new DeskError(400, 'The reply is empty.');
	// Answering a customer who waits in the queue is taking them: left queued, the queue's count,
	// the dashboard's longest wait and the next free operator would all go on as if nobody had. One
	// who is offline or full answers all the same, and the customer waits on for whoever frees up.
	if (entry?.state === 'queued' && (await routerOn(store.db).take(conversation.id, operator.id, at))) {
		await addNote(store.db, conversation.id, operator.id, 'transfer', `Taken from the queue by ${operator.name}, who answered`);
	}
	return replyItem(operator, conversation, reply.text, reply.attachments);
}

/**
 * The item the workflow's Reply node sends from: who answers, where, and what. One marked
 * `automatic` (the rating request) goes out in the operator's name but is recorded as a system
 * notice: it is no answer of theirs for the lifecycle, the SLA or their report.
 */
function replyItem(operator: Operator, conversation: Conversation, text: string, attachments: ReplyRequest['attachments']) {
	return {
		operator: { id: operator.id, name: operator.name, login: operator.login },
		conversation: { id: conversation.id, channel: conversation.channel, account: conversation.account, customerId: conversation.customerId },
		text,
		attachments,
	};
}
