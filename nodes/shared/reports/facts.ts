import { answersCustomer } from '../lifecycle/sla';
import type { Db, Row } from '../store/types';
import { isoBounds, type Period } from './period';

/** What the reports need to know of one conversation, read in one pass. */
export interface ConversationFacts {
	id: number;
	topic: string | null;
	channel: string;
	createdMs: number;
	/** Replies the bot sent in it. */
	botReplies: number;
	/** Whether it reached people: the bot handed it off, it was queued, or an operator wrote. */
	handedOff: boolean;
	/** When the wait for a person began: the hand-off or the first queueing, whichever came first. */
	waitingSinceMs: number | null;
	firstReplyMs: number | null;
	firstReplyOperatorId: number | null;
	/** The first-response deadline the Prioritizer set. */
	dueMs: number | null;
	/** Where its first routing entry stands (after any escalation). */
	group: string | null;
	line: number | null;
	escalated: boolean;
	/** The classifier's confidence in the topic it gave; null when an operator set it or none was given. */
	classifierConfidence: number | null;
}

/** Which time puts a conversation in a period: when it was opened, or when an operator first answered. */
export type Cohort = 'created_at' | 'first_reply_at';

const OPERATOR = 'operator:';

/** The first answer's `column`: the first operator reply that reached the customer. */
const firstReply = (column: string) =>
	`(SELECT om.${column} FROM messages om WHERE om.conversation_id = c.id AND ${answersCustomer('om')} ORDER BY om.created_at, om.id LIMIT 1)`;

/*
 * One statement for both stores. Timestamps come back as ISO text (SQLite) or Date (PostgreSQL),
 * BIGINTs and counts as numbers or strings; `toFacts` reads either. The first routing entry is
 * the one the first answer belongs to; a later one would be a conversation routed again.
 * Everything per conversation is a scalar subquery on an index: as joins, PostgreSQL's planner
 * hashed the whole messages table (a million rows at a center's volume) for one week's report.
 */
const facts = (where: string) => `SELECT * FROM (
	SELECT c.id, c.topic, c.channel, c.created_at, c.topic_source, c.topic_confidence, b.handoff_at, p.first_response_due,
		(SELECT count(*) FROM messages bm WHERE bm.conversation_id = c.id AND bm.author = 'bot') AS bot_replies,
		(SELECT min(re.enqueued_ms) FROM routing_entries re WHERE re.conversation_id = c.id) AS enqueued_ms,
		(SELECT count(*) FROM routing_entries re WHERE re.conversation_id = c.id
			AND (re.escalations > 0 OR re.flagged_ms IS NOT NULL)) AS escalated,
		${firstReply('created_at')} AS first_reply_at, ${firstReply('author')} AS first_reply_author,
		(SELECT g.name FROM routing_entries r JOIN skill_groups g ON g.id = r.group_id WHERE r.conversation_id = c.id ORDER BY r.id LIMIT 1) AS group_name,
		(SELECT r.line FROM routing_entries r WHERE r.conversation_id = c.id ORDER BY r.id LIMIT 1) AS line
	FROM conversations c
	LEFT JOIN bot_conversations b ON b.conversation_id = c.id
	LEFT JOIN conversation_priority p ON p.conversation_id = c.id
	WHERE ${where}
) f`;

/**
 * Each cohort's statement and how many times it takes the bounds. A first answer in the period
 * is an answer in it, so the conversations to look at are found through the messages'
 * time index before their first answer is computed.
 */
const COHORTS: Record<Cohort, { sql: string; boundsTimes: number }> = {
	created_at: { sql: facts('c.created_at >= ? AND c.created_at < ?'), boundsTimes: 1 },
	first_reply_at: {
		sql: `${facts(`c.id IN (SELECT m.conversation_id FROM messages m WHERE ${answersCustomer('m')} AND m.created_at >= ? AND m.created_at < ?)`)}
			WHERE f.first_reply_at >= ? AND f.first_reply_at < ?`,
		boundsTimes: 2,
	},
};

const ms = (value: unknown): number | null =>
	value === null || value === undefined ? null : value instanceof Date ? value.getTime() : Date.parse(String(value));

/** `operator:<id>` → id; null for anyone else. */
export const operatorIdOf = (author: unknown): number | null =>
	typeof author === 'string' && author.startsWith(OPERATOR) ? Number(author.slice(OPERATOR.length)) : null;

function toFacts(r: Row): ConversationFacts {
	const handoffMs = ms(r.handoff_at);
	const enqueuedMs = r.enqueued_ms === null ? null : Number(r.enqueued_ms);
	const firstReplyMs = ms(r.first_reply_at);
	const createdMs = ms(r.created_at)!;
	const starts = [handoffMs, enqueuedMs].filter((t): t is number => t !== null);
	return {
		id: Number(r.id),
		topic: r.topic === null ? null : String(r.topic),
		channel: String(r.channel),
		createdMs,
		botReplies: Number(r.bot_replies),
		handedOff: starts.length > 0 || firstReplyMs !== null,
		// An operator who wrote without any hand-off (they opened the chat) answered from its start.
		waitingSinceMs: starts.length ? Math.min(...starts) : firstReplyMs !== null ? createdMs : null,
		firstReplyMs,
		firstReplyOperatorId: operatorIdOf(r.first_reply_author),
		dueMs: ms(r.first_response_due),
		group: r.group_name === null || r.group_name === undefined ? null : String(r.group_name),
		line: r.line === null || r.line === undefined ? null : Number(r.line),
		escalated: Number(r.escalated) > 0,
		classifierConfidence: r.topic_source === 'classifier' && r.topic_confidence !== null ? Number(r.topic_confidence) : null,
	};
}

/** Facts of the conversations whose `cohort` time falls in the period, oldest first. */
export async function conversationFacts(db: Db, period: Period, cohort: Cohort): Promise<ConversationFacts[]> {
	const { sql, boundsTimes } = COHORTS[cohort];
	const rows = await db.query(`${sql} ORDER BY f.created_at, f.id`, Array.from({ length: boundsTimes }, () => isoBounds(period)).flat());
	return rows.map(toFacts);
}

/** Time from the start of the wait to the first answer; null when unanswered. Never negative. */
export const firstResponseMs = (f: ConversationFacts): number | null =>
	f.firstReplyMs === null || f.waitingSinceMs === null ? null : Math.max(0, f.firstReplyMs - f.waitingSinceMs);
