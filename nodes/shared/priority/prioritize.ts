import { answersCustomer } from '../lifecycle/sla';
import { customersTable } from '../store/customers';
import { gatheredQuery } from '../store/gathered';
import { iso, one, toConversation } from '../store/rows';
import type { Db } from '../store/types';
import { evaluate, type PriorityFacts, type PriorityPolicy, type Verdict } from './rules';

/** What the Prioritizer writes on the item and keeps on the conversation. */
export interface Priority {
	score: number;
	level: Verdict['level'];
	reasons: string[];
	/** Null once an operator has answered. */
	firstResponseDue: string | null;
	/** Due while the customer waits for an operator's next answer; null before the first answer or when nobody waits. */
	nextResponseDue: string | null;
	/** Earlier conversations of the customer on the same topic within the repeat window, on any channel. */
	repeatOf: number[];
}

export interface PriorityInput {
	conversationId: number;
	/** The topic the classifier gave, when the conversation has none stored yet. */
	topic?: string | null;
	/** The customer's latest text. */
	text: string;
	/**
	 * When the customer began waiting for a person (the bot's hand-off): the first-response clock
	 * and the waiting time start here, not at the conversation's creation, since an open
	 * conversation may have been with the bot for days. Absent, the conversation's creation.
	 */
	waitingSince?: string | null;
}

const plusMinutes = (at: string, minutes: number) => new Date(new Date(at).getTime() + minutes * 60_000).toISOString();
const later = (a: string, b: string) => (Date.parse(a) >= Date.parse(b) ? a : b);

function isoOf(at: string): string {
	const ms = Date.parse(at);
	if (Number.isNaN(ms)) throw new Error(`Waiting Since "${at}" is not a date.`);
	return new Date(ms).toISOString();
}

/**
 * The conversation with its timing: the oldest customer message no operator has answered yet,
 * and whether an operator has answered at all. What answers is the lifecycle's `answersCustomer`:
 * an acknowledgement, a notice or a reply that never reached the customer stops no clock. One
 * statement, whose timing conditions are those of the partial indexes of operator replies
 * (migration 022) and of a conversation's inbound messages (030), so that PostgreSQL reads the
 * conversation's rows there: `direction = 'out'` beside the author, or the inbound messages
 * without an index of their own, had it walk the store's replies (the partial outbound index),
 * its inbound messages, or every message by time (`messages_created`). The conversations of one
 * execution's customers are read in one round trip (gatheredQuery), each with that plan.
 */
async function conversationTimed(db: Db, conversationId: number) {
	const row = one(
		await gatheredQuery(
			db,
			`SELECT c.*, t.answered AS timing_answered, t.since AS timing_since FROM conversations c,
			   (SELECT a.id AS answered, (SELECT MIN(m.created_at) FROM messages m
			      WHERE m.conversation_id = ? AND m.direction = 'in' AND m.id > COALESCE(a.id, 0)) AS since
			    FROM (SELECT MAX(o.id) AS id FROM messages o WHERE o.conversation_id = ? AND ${answersCustomer('o')}) a) t
			 WHERE c.id = ?`,
			[conversationId, conversationId, conversationId],
		),
		`Conversation ${conversationId}`,
	);
	const { timing_answered: answered, timing_since: since } = row;
	return {
		conversation: toConversation(row),
		operatorAnswered: answered !== null && answered !== undefined,
		waitingSince: since === null || since === undefined ? null : iso(since),
	};
}

/**
 * Prioritises a conversation: gathers the facts (the customer's VIP tier after linking, the topic,
 * earlier conversations on the same topic within `repeatWindowDays` on any channel, how long the
 * customer has waited), scores them by the policy, and stores the score, deadlines and
 * repeat-contact links on the conversation for the router and the desk.
 */
export async function prioritize(
	db: Db,
	input: PriorityInput,
	policy: PriorityPolicy & { repeatWindowDays: number },
	at = new Date(),
): Promise<Priority> {
	const timed = await conversationTimed(db, input.conversationId);
	const { conversation, operatorAnswered } = timed;
	const topic = conversation.topic ?? (input.topic || null);
	// A merge whose chain is broken leaves the conversation's own card.
	const customers = customersTable(db);
	const customer = (await customers.findLive(conversation.customerId)) ?? (await customers.get(conversation.customerId));
	const since = new Date(at.getTime() - policy.repeatWindowDays * 86_400_000).toISOString();
	const repeatOf = topic
		? (
				await gatheredQuery(
					db,
					'SELECT id FROM conversations WHERE customer_id = ? AND id < ? AND LOWER(topic) = LOWER(?) AND updated_at >= ?',
					[customer.id, conversation.id, topic, since],
					'id',
				)
			).map((r) => Number(r.id))
		: [];
	const clockStart = input.waitingSince ? isoOf(input.waitingSince) : conversation.createdAt;
	// Messages the customer sent the bot before the hand-off were not waiting for anyone.
	const waitingSince = timed.waitingSince && later(timed.waitingSince, clockStart);

	const facts: PriorityFacts = {
		vipTier: customer.vipTier,
		topic,
		channel: conversation.channel,
		text: input.text,
		repeatOf,
		waitedMinutes: waitingSince ? Math.max(0, (at.getTime() - new Date(waitingSince).getTime()) / 60_000) : 0,
	};
	const verdict = evaluate(facts, policy);
	const priority: Priority = {
		score: verdict.score,
		level: verdict.level,
		reasons: verdict.reasons,
		firstResponseDue: operatorAnswered ? null : plusMinutes(clockStart, verdict.firstResponseMinutes),
		nextResponseDue: operatorAnswered && waitingSince ? plusMinutes(waitingSince, verdict.nextResponseMinutes) : null,
		repeatOf,
	};

	const writes: Array<[sql: string, params: unknown[]]> = [
		[
			`INSERT INTO conversation_priority (conversation_id, score, level, reasons, first_response_due, next_response_due, updated_at)
			 VALUES (?, ?, ?, ?, ?, ?, ?)
			 ON CONFLICT (conversation_id) DO UPDATE SET score = excluded.score, level = excluded.level, reasons = excluded.reasons,
			 first_response_due = excluded.first_response_due, next_response_due = excluded.next_response_due, updated_at = excluded.updated_at`,
			[conversation.id, priority.score, priority.level, JSON.stringify(priority.reasons), priority.firstResponseDue, priority.nextResponseDue, at.toISOString()],
		],
		...repeatOf.map((earlier): [string, unknown[]] => [
			"INSERT INTO conversation_links (conversation_id, earlier_id, reason, created_at) VALUES (?, ?, 'repeat', ?) ON CONFLICT DO NOTHING",
			[conversation.id, earlier, at.toISOString()],
		]),
	];
	// Stored so that the customer's next conversation can be recognised as a repeat of this one.
	if (topic && !conversation.topic) writes.push(['UPDATE conversations SET topic = ? WHERE id = ?', [topic, conversation.id]]);
	// The reads need no transaction (each statement reads what is committed, in one as outside);
	// the writes go together, and a lone one (the usual case) needs none: two round trips fewer.
	if (writes.length === 1) await db.query(...writes[0]);
	else {
		await db.transaction(async (tx) => {
			for (const [sql, params] of writes) await tx.query(sql, params);
		});
	}
	return priority;
}

/** The stored priority of a conversation, as the router and the desk read it. */
export async function storedPriority(db: Db, conversationId: number): Promise<Priority | null> {
	const rows = await db.query('SELECT * FROM conversation_priority WHERE conversation_id = ?', [conversationId]);
	if (!rows.length) return null;
	const links = await db.query('SELECT earlier_id FROM conversation_links WHERE conversation_id = ? ORDER BY earlier_id', [conversationId]);
	const r = rows[0];
	const due = (v: unknown) => (v === null ? null : iso(v));
	return {
		score: Number(r.score),
		level: r.level as Priority['level'],
		reasons: JSON.parse(String(r.reasons)) as string[],
		firstResponseDue: due(r.first_response_due),
		nextResponseDue: due(r.next_response_due),
		repeatOf: links.map((l) => Number(l.earlier_id)),
	};
}
