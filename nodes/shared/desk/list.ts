import { currentDue, type ConversationState } from '../lifecycle';
import { answersCustomer, CLOCK_RUNS } from '../lifecycle/sla';
import { DEFAULT_POLICY, type Operator, type RoutingEntry, type SkillGroup } from '../routing';
import { effectivePriority } from '../routing/policy';
import { queueHeads } from '../routing/repository/entries';
import { assignedEntries } from '../routing/views';
import { routerOn } from '../routing';
import { customersTable } from '../store/customers';
import { iso } from '../store/rows';
import type { Db } from '../store/types';
import type { Attachment } from '../envelope';
import { isSupervisor, visibleGroups } from './access';
import { attachmentView } from './attachments';
import { DELETED_LABEL } from './conversation';

/** One conversation in the desk's lists. */
export interface ListRow {
	conversationId: number;
	customerId: number;
	customerName: string | null;
	vipTier: number;
	channel: string;
	topic: string | null;
	tags: string[];
	groupId: number;
	groupName: string;
	line: number;
	state: RoutingEntry['state'];
	operatorId: number | null;
	operatorName: string | null;
	/** Own priority plus aging: the order the queue is served in. */
	priority: number;
	priorityLevel: string | null;
	/**
	 * Since when its holder (the group whose queue it is in, or the operator who has it) owes the
	 * customer an answer, as its response deadline counts (lifecycle/sla.ts): from the hand-off or
	 * the transfer that brought it, or from the customer's first message after an answer. Null
	 * while the customer is the one to write.
	 */
	waitingSince: string | null;
	/** The response deadline running now (lifecycle/sla.ts); none while the customer is the one to write. */
	slaDueAt: string | null;
	/** Where the conversation is in its life: assigned, answered, needsAnswer… */
	lifecycle: ConversationState;
	/** When a supervisor was asked to step in (line 3's deadline passed). */
	flaggedAt: string | null;
	lastMessage: { text: string; author: string; at: string } | null;
}

export interface DeskList {
	/** Server time, so that the page counts waiting times and SLA down against the same clock. */
	now: string;
	mine: ListRow[];
	/** Waiting in the operator's groups (every group for a supervisor), first to be served first. */
	queue: ListRow[];
	/** Supervisors only: everybody's assigned conversations. */
	team?: ListRow[];
}

const QUEUE_LIMIT = 200;
const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** When people last answered, and the customer's first message since (both null before any answer). */
interface Answered {
	lastAnswerAt: string | null;
	customerWroteSince: string | null;
}

interface Details {
	shown: Omit<ListRow, keyof RoutingEntryFields>;
	answered: Answered;
}

/** What the lists show besides routing, for many conversations in a few queries. */
async function details(db: Db, ids: number[]) {
	if (!ids.length) return new Map<number, Details>();
	const inIds = `(${marks(ids.length)})`;
	const base = await db.query(
		`SELECT c.id, c.channel, c.topic, c.customer_id, c.state, p.level
		 FROM conversations c LEFT JOIN conversation_priority p ON p.conversation_id = c.id WHERE c.id IN ${inIds}`,
		ids,
	);
	const customerIds = [...new Set(base.map((r) => Number(r.customer_id)))];
	const customers = new Map((await customersTable(db).getMany(customerIds)).map((c) => [c.id, c]));
	// The preview is the last word of a person, the customer's or an operator's: after a hand-off the
	// bot's own notice ("You are number 2 in the queue") would otherwise stand for every waiting
	// customer, and a mail program's out-of-office answer for the customer.
	const last = await db.query(
		`SELECT conversation_id, channel, text, attachments, author, created_at, deleted_at FROM messages
		 WHERE id IN (SELECT MAX(id) FROM messages WHERE conversation_id IN ${inIds} AND ((direction = 'in' AND author NOT LIKE 'automatic:%') OR author LIKE 'operator:%')
		 GROUP BY conversation_id)`,
		ids,
	);
	// Only an answer stops the wait (not the bot, a notice or a reply that never reached them), and
	// only the customer's own words start it (not their mail program's out-of-office answer).
	const answered = await db.query(
		`SELECT a.conversation_id, a.at, (SELECT MIN(m.created_at) FROM messages m
			WHERE m.conversation_id = a.conversation_id AND m.direction = 'in' AND m.author NOT LIKE 'automatic:%' AND m.id > a.id) AS since
		 FROM (SELECT o.conversation_id, MAX(o.id) AS id, MAX(o.created_at) AS at FROM messages o
			WHERE o.conversation_id IN ${inIds} AND ${answersCustomer('o')} GROUP BY o.conversation_id) a`,
		ids,
	);
	const tags = await db.query(`SELECT conversation_id, tag FROM conversation_tags WHERE conversation_id IN ${inIds} ORDER BY tag`, ids);
	const out = new Map<number, Details>();
	for (const r of base) {
		const id = Number(r.id);
		const customer = customers.get(Number(r.customer_id));
		if (!customer) continue;
		const lastRow = last.find((l) => Number(l.conversation_id) === id);
		const answer = answered.find((a) => Number(a.conversation_id) === id);
		out.set(id, {
			answered: {
				customerWroteSince: answer?.since === null || answer?.since === undefined ? null : iso(answer.since),
				lastAnswerAt: answer ? iso(answer.at) : null,
			},
			shown: {
				conversationId: id,
				customerId: Number(r.customer_id),
				customerName: customer.name,
				vipTier: customer.vipTier,
				channel: String(r.channel),
				topic: r.topic === null ? null : String(r.topic),
				tags: tags.filter((t) => Number(t.conversation_id) === id).map((t) => String(t.tag)),
				priorityLevel: r.level === null || r.level === undefined ? null : String(r.level),
				lifecycle: r.state as ConversationState,
				lastMessage: lastRow ? { text: previewOf(lastRow).slice(0, 140), author: String(lastRow.author), at: iso(lastRow.created_at) } : null,
			},
		});
	}
	return out;
}

/** A message of attachments alone (a photo, a reaction) previews as what the desk calls them; a deleted one as deleted. */
function previewOf(row: Record<string, unknown>): string {
	if (row.deleted_at !== null && row.deleted_at !== undefined) return DELETED_LABEL;
	const text = String(row.text);
	if (text.trim()) return text;
	const attachments = JSON.parse(String(row.attachments)) as Attachment[];
	return attachments.map((a) => attachmentView(a, String(row.channel)).label).join(' · ');
}

/**
 * The wait its holder answers for, counted as its deadline is: from when it came to them (the
 * hand-off, not what the customer told the bot before it; a transfer, not a first hand-off long
 * answered) unless people answered since, then from the customer's first message after that
 * answer. What the customer adds while waiting starts no new wait.
 */
function waitingSince({ shown, answered }: Details, e: RoutingEntry): string | null {
	if (!CLOCK_RUNS.has(shown.lifecycle)) return null;
	const answeredHere = answered.lastAnswerAt !== null && Date.parse(answered.lastAnswerAt) >= Date.parse(e.arrivedAt);
	return answeredHere ? (answered.customerWroteSince ?? e.arrivedAt) : e.arrivedAt;
}

type RoutingEntryFields = Pick<
	ListRow,
	'groupId' | 'groupName' | 'line' | 'state' | 'operatorId' | 'operatorName' | 'priority' | 'waitingSince' | 'slaDueAt' | 'flaggedAt'
>;

async function rowsOf(db: Db, entries: RoutingEntry[], groups: SkillGroup[], operators: Operator[], nowMs: number): Promise<ListRow[]> {
	const more = await details(db, entries.map((e) => e.conversationId));
	return entries.flatMap((e) => {
		const d = more.get(e.conversationId);
		if (!d) return [];
		return [
			{
				...d.shown,
				groupId: e.groupId,
				groupName: groups.find((g) => g.id === e.groupId)?.name ?? String(e.groupId),
				line: e.line,
				state: e.state,
				operatorId: e.operatorId,
				operatorName: operators.find((o) => o.id === e.operatorId)?.name ?? null,
				priority: effectivePriority(e.priority, Date.parse(e.enqueuedAt), nowMs, DEFAULT_POLICY),
				waitingSince: waitingSince(d, e),
				slaDueAt: currentDue(d.shown.lifecycle, e.deadline),
				flaggedAt: e.flaggedAt,
			},
		];
	});
}

/** The operator's own conversations and their groups' queue; a supervisor also sees the team's. */
export async function deskList(db: Db, operator: Operator, at = new Date()): Promise<DeskList> {
	const nowMs = at.getTime();
	const groups = await visibleGroups(db, operator);
	const allGroups = await routerOn(db).groups.list();
	const operators = await routerOn(db).operators.list();
	const queued = groups.length
		? await queueHeads(db, groups.map((g) => g.id), nowMs, DEFAULT_POLICY.agingMinutes * 60_000, QUEUE_LIMIT, 0)
		: [];
	const list: DeskList = {
		now: at.toISOString(),
		mine: await rowsOf(db, await assignedEntries(db, operator.id), allGroups, operators, nowMs),
		queue: await rowsOf(db, queued, allGroups, operators, nowMs),
	};
	if (isSupervisor(operator)) {
		const others = (await assignedEntries(db, null)).filter((e) => e.operatorId !== operator.id);
		list.team = await rowsOf(db, others, allGroups, operators, nowMs);
	}
	return list;
}
