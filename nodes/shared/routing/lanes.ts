import type { Db } from '../store/types';
import { coalescing } from './coalesce';
import { placeBasis, placesOf, tellPlaces } from './place';
import type { RoutingPolicy } from './policy';
import { findOperators, listGroups, onlineOperatorsIn } from './repository/directory';
import { insertEntries, type Inserted, type NewEntry, type Told } from './repository/entries';
import type { Operator, QueuePlace, RoutingEntry, SkillGroup } from './types';

/**
 * The calls of concurrent routes that go to the database together (see coalesce.ts): reading the
 * groups, queueing arrivals, draining for those that found room, reading who took them, and the
 * places of the others (read, or told and recorded by the statement that finds them still queued).
 */
export interface Lanes {
	groups(ask: void): Promise<SkillGroup[]>;
	arrive(entry: NewEntry): Promise<Inserted>;
	drain(ask: { groupId: number; nowMs: number }): Promise<RoutingEntry[]>;
	operator(id: number): Promise<Operator | null>;
	/** How many of the group's operators are online, told to a customer queued in it. */
	online(groupId: number): Promise<number>;
	place(ask: { entry: RoutingEntry; nowMs: number }): Promise<QueuePlace>;
	/** Null when the entry is no longer queued as it was read. */
	tell(ask: { entry: RoutingEntry; nowMs: number }): Promise<Told | null>;
}

/** Drains the groups at `nowMs` until no room is left behind (the router's `settle`). */
type Settle = (groupIds: number[], nowMs: number) => Promise<RoutingEntry[]>;

/**
 * Lanes per database and policy, shared by every router over them: nodes make a router per use,
 * and a process's concurrent executions must meet in the same lane for their calls to coalesce.
 */
const lanesByDb = new WeakMap<Db, Map<string, Lanes>>();

export function lanesOn(db: Db, policy: RoutingPolicy, settle: Settle): Lanes {
	let byPolicy = lanesByDb.get(db);
	if (!byPolicy) lanesByDb.set(db, (byPolicy = new Map()));
	const key = JSON.stringify(policy);
	let lanes = byPolicy.get(key);
	if (!lanes) byPolicy.set(key, (lanes = openLanes(db, policy, settle)));
	return lanes;
}

function openLanes(db: Db, policy: RoutingPolicy, settle: Settle): Lanes {
	const basis = placeBasis(policy);
	return {
		groups: coalescing(async (asks) => {
			const groups = await listGroups(db);
			return asks.map(() => groups);
		}),
		arrive: coalescing((entries) => insertEntries(db, entries, basis)),
		// One drain of every group asked serves them all, at the latest time asked: each route looks
		// for its own entry in it.
		drain: coalescing(async (asks) => {
			const assigned = await settle(asks.map((a) => a.groupId), Math.max(...asks.map((a) => a.nowMs)));
			return asks.map(() => assigned);
		}),
		operator: coalescing(async (ids) => {
			const found = new Map((await findOperators(db, [...new Set(ids)])).map((o) => [o.id, o]));
			return ids.map((id) => found.get(id) ?? null);
		}),
		online: coalescing(async (groupIds) => {
			const counts = await onlineOperatorsIn(db, [...new Set(groupIds)]);
			return groupIds.map((id) => counts.get(id) ?? 0);
		}),
		place: coalescing((asks) => placesOf(db, asks, policy)),
		tell: coalescing((asks) => tellPlaces(db, asks, policy)),
	};
}
