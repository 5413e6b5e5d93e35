import type { Db } from '../store/types';
import { effectivePriority, type RoutingPolicy } from './policy';
import { placesOfEntries, tellPlacesOfEntries, type PlaceBasis, type Told } from './repository/entries';
import type { QueuePlace, RoutingEntry } from './types';

/** What the policy says a place is computed with. */
export const placeBasis = (policy: RoutingPolicy): PlaceBasis => ({
	agingMs: policy.agingMinutes * 60_000,
	handleSample: policy.handleSample,
	defaultHandleSeconds: policy.defaultHandleSeconds,
});

const askOf = (entry: RoutingEntry, nowMs: number, policy: RoutingPolicy) => ({
	entry,
	effective: effectivePriority(entry.priority, Date.parse(entry.enqueuedAt), nowMs, policy),
	nowMs,
});

/** Where a queued entry stands in its group's queue and how long it should wait, by recent handling times. */
export async function placeOf(db: Db, entry: RoutingEntry, policy: RoutingPolicy, nowMs: number): Promise<QueuePlace> {
	return (await placesOfEntries(db, [askOf(entry, nowMs, policy)], placeBasis(policy)))[0];
}

/** The places of queued entries, each at its own time, by one statement. */
export function placesOf(db: Db, asks: { entry: RoutingEntry; nowMs: number }[], policy: RoutingPolicy): Promise<QueuePlace[]> {
	return placesOfEntries(db, asks.map((a) => askOf(a.entry, a.nowMs, policy)), placeBasis(policy));
}

/**
 * The same, recorded as what their customers are told, each with its entry as recorded; null for
 * an entry no longer queued as it was read.
 */
export function tellPlaces(db: Db, asks: { entry: RoutingEntry; nowMs: number }[], policy: RoutingPolicy): Promise<(Told | null)[]> {
	return tellPlacesOfEntries(db, asks.map((a) => askOf(a.entry, a.nowMs, policy)), placeBasis(policy));
}
