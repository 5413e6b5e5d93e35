import type { Db } from '../store/types';
import type { RoutingPolicy } from './policy';
import { listGroups } from './repository/directory';
import { anyRoom, assign, candidates, drainOnServer, lockQueued, lockWithRoom, queueHeads } from './repository/entries';
import type { RoutingEntry, Strategy } from './types';

/** Queue entries looked at per query; the next page is read once these are served or passed over. */
const PAGE = 50;

export interface Drained {
	assigned: RoutingEntry[];
	/**
	 * An operator with room was held by another worker's transaction, so something left queued
	 * here might still be served once that worker commits: the caller drains again after this commits.
	 */
	contended: boolean;
}

const speaks = (languages: string[], language: string | null) =>
	languages.length === 0 || language === null || languages.some((l) => l.toLowerCase() === language.toLowerCase());

/**
 * Operators this drain has found full or held by another worker; neither changes before this
 * transaction ends, so they are not asked again.
 */
type Passed = Set<number>;

/**
 * The operator to take `entry`, locked with room, in the group's strategy order with the
 * customer's previous operator first. `groupDone` when no operator of the group is left to ask.
 */
async function operatorFor(tx: Db, entry: RoutingEntry, strategy: Strategy, passed: Passed) {
	let contended = false;
	const open = (await candidates(tx, entry.groupId, strategy, entry.previousOperatorId)).filter((c) => !passed.has(c.id));
	for (const candidate of open) {
		if (!speaks(candidate.languages, entry.language)) continue;
		const verdict = await lockWithRoom(tx, candidate.id);
		if (verdict === 'room') return { operatorId: candidate.id, contended, groupDone: false };
		passed.add(candidate.id);
		contended ||= verdict === 'locked';
	}
	return { operatorId: null, contended, groupDone: open.every((c) => passed.has(c.id)) };
}

/**
 * In one transaction, hands the queued conversations of `groupIds` to operators with room,
 * highest effective priority first, until no operator of those groups has room or the queue is
 * exhausted. A head nobody can serve (say, no operator speaks its language) is passed over for
 * the next. The queue is read a page at a time and the page served in its order. PostgreSQL
 * walks it in one call of its `routing_drain` function (migration 029, the same walk); SQLite
 * walks it here, its transactions serialised whole.
 */
export async function drainGroups(db: Db, groupIds: number[], policy: RoutingPolicy, nowMs: number): Promise<Drained> {
	if (!groupIds.length) return { assigned: [], contended: false };
	const agingMs = policy.agingMinutes * 60_000;
	if (db.dialect === 'postgres') return drainOnServer(db, groupIds, nowMs, agingMs);
	return db.transaction((tx) => walk(tx, groupIds, agingMs, nowMs));
}

async function walk(tx: Db, groupIds: number[], agingMs: number, nowMs: number): Promise<Drained> {
	const result: Drained = { assigned: [], contended: false };
	// Read only once there is someone to serve: most drains of a busy center find no room.
	let strategies: Map<number, Strategy> | undefined;
	const strategyOf = async (groupId: number) => {
		strategies ??= new Map((await listGroups(tx)).map((g) => [g.id, g.strategy]));
		return strategies.get(groupId) ?? 'leastLoaded';
	};
	const passed: Passed = new Set();
	const done = new Set<number>();
	let offset = 0;
	while (done.size < groupIds.length && (await anyRoom(tx, groupIds))) {
		const heads = await queueHeads(tx, groupIds, nowMs, agingMs, PAGE, offset);
		if (!heads.length) break;
		// Heads passed over stay queued ahead of the next page; it skips them rather than retry them.
		for (const head of heads) {
			const entry = done.has(head.groupId) ? null : await lockQueued(tx, head.id);
			const pick = entry && (await operatorFor(tx, entry, await strategyOf(entry.groupId), passed));
			if (pick) {
				result.contended ||= pick.contended;
				if (pick.groupDone) done.add(head.groupId);
			}
			if (!entry || !pick || pick.operatorId === null) {
				offset++;
				continue;
			}
			result.assigned.push(await assign(tx, entry.id, pick.operatorId, entry.groupId, nowMs));
		}
	}
	return result;
}
