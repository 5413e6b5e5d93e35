import type { Db } from '../store/types';
import { effectivePriority, expectedWaitSeconds, type RoutingPolicy } from './policy';
import { placeFigures } from './repository/entries';
import type { QueuePlace, RoutingEntry } from './types';

/** Where a queued entry stands in its group's queue and how long it should wait, by recent handling times. */
export async function placeOf(db: Db, entry: RoutingEntry, policy: RoutingPolicy, nowMs: number): Promise<QueuePlace> {
	const effective = effectivePriority(entry.priority, Date.parse(entry.enqueuedAt), nowMs, policy);
	const figures = await placeFigures(db, entry, effective, nowMs, policy.agingMinutes * 60_000, policy.handleSample);
	const position = 1 + figures.ahead;
	return { position, expectedWaitSeconds: expectedWaitSeconds(position, figures.slots, figures.handleSeconds ?? policy.defaultHandleSeconds) };
}
