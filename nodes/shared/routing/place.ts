import type { Db } from '../store/types';
import { effectivePriority, type RoutingPolicy } from './policy';
import { placeOfEntry, type PlaceBasis } from './repository/entries';
import type { QueuePlace, RoutingEntry } from './types';

/** What the policy says a place is computed with, at `nowMs`. */
export const placeBasis = (policy: RoutingPolicy, nowMs: number): PlaceBasis => ({
	nowMs,
	agingMs: policy.agingMinutes * 60_000,
	handleSample: policy.handleSample,
	defaultHandleSeconds: policy.defaultHandleSeconds,
});

/** Where a queued entry stands in its group's queue and how long it should wait, by recent handling times. */
export function placeOf(db: Db, entry: RoutingEntry, policy: RoutingPolicy, nowMs: number): Promise<QueuePlace> {
	const effective = effectivePriority(entry.priority, Date.parse(entry.enqueuedAt), nowMs, policy);
	return placeOfEntry(db, entry, effective, placeBasis(policy, nowMs));
}
