import type { ConversationState } from './states';

export type SlaVerdict = 'met' | 'missed' | 'pending' | 'noTarget';

/**
 * The one rule for response deadlines, used by the desk's countdown and the SLA report alike: a
 * deadline is met by an operator's reply by then, missed by a reply after it or by none once it
 * has passed, and pending until then.
 */
export function slaVerdict(dueMs: number | null, repliedMs: number | null, judgedMs: number): SlaVerdict {
	if (dueMs === null) return 'noTarget';
	if (repliedMs !== null) return repliedMs <= dueMs ? 'met' : 'missed';
	return dueMs < judgedMs ? 'missed' : 'pending';
}

/**
 * The SQL condition, on messages aliased `m`, of a message that answers the customer: the one
 * rule every count of responses reads (the SLA report, the dashboard, the operator report, the
 * desk's and the Prioritizer's waits), as the state machine has it (only `markSent` of an
 * operator's reply fires operatorReplied). A reply refused for good, failed or still pending
 * reached nobody: the customer still waits and the deadline still runs. An automatic notice sent
 * for the operator (the rating request on closing) is recorded as `system`: it answers nothing.
 * `author LIKE 'operator:%'` is the condition of the partial index of operator replies (migration 022).
 */
export const answersCustomer = (m: string) => `${m}.author LIKE 'operator:%' AND ${m}.status IN ('sent', 'delivered', 'seen')`;

/** Whose move it is decides whether a deadline runs: never while the customer is the one to write. */
export const CLOCK_RUNS: ReadonlySet<ConversationState> = new Set(['queued', 'assigned', 'needsAnswer']);

/** The deadline the conversation is held to now (the routing entry's), or null while no clock runs. */
export function currentDue(state: ConversationState, entryDeadline: string | null): string | null {
	return CLOCK_RUNS.has(state) ? entryDeadline : null;
}
