import type { Db } from '../store/types';
import { TRANSITIONS, type LifecycleEvent } from './states';

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** What else a state's row says: resolved and closed conversations are no longer open. */
const STATUS_OF: Partial<Record<LifecycleEvent, (atSql: string) => string>> = {
	resolved: (atSql) => `, status = 'closed', closed_at = ${atSql}`,
	reopened: () => ", status = 'open', closed_at = NULL",
};

/**
 * The UPDATE that applies one event to the conversation whose id is `idSql`: a `?` bound after
 * `params`, or a subquery, so that a statement doing something else (routing's insert, an
 * assignment) carries the transition in its own round trip.
 */
export function transitionSql(event: LifecycleEvent, at: Date, idSql = '?'): { sql: string; params: unknown[] } {
	const { from, to } = TRANSITIONS[event];
	const iso = at.toISOString();
	const extra = STATUS_OF[event]?.('?') ?? '';
	return {
		sql: `UPDATE conversations SET state = ?, state_at = ?, updated_at = ?${extra} WHERE state IN (${marks(from.length)}) AND id = ${idSql}`,
		params: [to, iso, iso, ...(extra.includes('closed_at = ?') ? [iso] : []), ...from],
	};
}

/**
 * The UPDATE that applies one event to each conversation of `rowsSql` (columns `id`, and `at`
 * in the column type of the dialect), each at its own time: a batch's transitions in one statement.
 */
export function transitionEachSql(event: LifecycleEvent, rowsSql: string): { sql: string; params: unknown[] } {
	const { from, to } = TRANSITIONS[event];
	const extra = STATUS_OF[event]?.('t.at') ?? '';
	return {
		sql: `UPDATE conversations SET state = ?, state_at = t.at, updated_at = t.at${extra} FROM (${rowsSql}) t
		 WHERE conversations.id = t.id AND conversations.state IN (${marks(from.length)})`,
		params: [to, ...from],
	};
}

/**
 * Applies one event to a conversation if its state allows it; false when it does not (a repeated
 * or late event), which callers treat as "nothing to do", never as an error.
 */
export async function transition(db: Db, conversationId: number, event: LifecycleEvent, at: Date): Promise<boolean> {
	const { sql, params } = transitionSql(event, at);
	return (await db.query(`${sql} RETURNING id`, [...params, conversationId])).length > 0;
}

/**
 * The customer wrote again after their operator's answer: the conversation needs an answer again,
 * from the same operator, by the group's SLA counted from this message. Time spent waiting for
 * the customer never counted, because the answer cleared the previous deadline. A conversation
 * that gave up its slot while the customer was silent takes it back, above the operator's
 * capacity if need be: the customer is theirs, and continues with whoever knows the case.
 */
export async function customerWroteAgain(tx: Db, conversationId: number, at: Date): Promise<boolean> {
	if (!(await transition(tx, conversationId, 'customerWrote', at))) return false;
	await tx.query(
		`UPDATE routing_entries SET state = CASE WHEN state = 'waiting' THEN 'assigned' ELSE state END, deadline_ms = CASE
			WHEN (SELECT sla_minutes FROM skill_groups g WHERE g.id = routing_entries.group_id) IS NULL THEN NULL
			ELSE CAST(? AS BIGINT) + (SELECT sla_minutes FROM skill_groups g WHERE g.id = routing_entries.group_id) * 60000 END
		 WHERE conversation_id = ? AND state <> 'closed'`,
		[at.getTime(), conversationId],
	);
	return true;
}

/**
 * An operator's reply reached the customer: the current deadline is met, so it is cleared, and
 * with it a supervisor's flag for having missed it (the escalation stays counted).
 */
export async function operatorAnswered(tx: Db, conversationId: number, at: Date): Promise<boolean> {
	if (!(await transition(tx, conversationId, 'operatorReplied', at))) return false;
	await tx.query("UPDATE routing_entries SET deadline_ms = NULL, flagged_ms = NULL WHERE conversation_id = ? AND state <> 'closed'", [conversationId]);
	return true;
}
