import type { Db } from '../store/types';
import { effectivePriority, expectedWaitSeconds, type RoutingPolicy } from './policy';
import { aheadOf, handleSeconds, servingSlots } from './repository/entries';
import type { QueuePlace, RoutingEntry } from './types';

/** Where a queued entry stands in its group's queue and how long it should wait, by recent handling times. */
export async function placeOf(db: Db, entry: RoutingEntry, policy: RoutingPolicy, nowMs: number): Promise<QueuePlace> {
	const effective = effectivePriority(entry.priority, Date.parse(entry.enqueuedAt), nowMs, policy);
	const position = 1 + (await aheadOf(db, entry, effective, nowMs, policy.agingMinutes * 60_000));
	const handle = (await handleSeconds(db, entry.groupId, policy.handleSample)) ?? policy.defaultHandleSeconds;
	return { position, expectedWaitSeconds: expectedWaitSeconds(position, await servingSlots(db, entry.groupId), handle) };
}
