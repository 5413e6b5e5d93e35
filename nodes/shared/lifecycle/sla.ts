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

/** Whose move it is decides whether a deadline runs: never while the customer is the one to write. */
export const CLOCK_RUNS: ReadonlySet<ConversationState> = new Set(['queued', 'assigned', 'needsAnswer']);

/** The deadline the conversation is held to now (the routing entry's), or null while no clock runs. */
export function currentDue(state: ConversationState, entryDeadline: string | null): string | null {
	return CLOCK_RUNS.has(state) ? entryDeadline : null;
}
