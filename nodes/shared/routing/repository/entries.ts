import { transition, transitionSql } from '../../lifecycle/transitions';
import type { Db, Row } from '../../store/types';
import type { Line, QueuePlace, RoutingEntry, Strategy } from '../types';
import { ACTIVE } from './directory';
import { inList, num, toEntry } from './rows';

/**
 * PostgreSQL row locks that skip rows another transaction holds, so concurrent workers each take
 * different operators and entries instead of queueing behind one another. SQLite transactions
 * are serialised whole (BEGIN IMMEDIATE and the process mutex), so they need no row locks.
 */
const skipLocked = (db: Db) => (db.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '');
const waitLock = (db: Db) => (db.dialect === 'postgres' ? ' FOR UPDATE' : '');

/**
 * Effective priority (own + one per whole aging step waited), with parameters now and the step in
 * ms. The casts keep the division whole: node:sqlite binds JS numbers as REAL.
 */
const EFFECTIVE = '(priority + (CAST(? AS BIGINT) - enqueued_ms) / CAST(? AS BIGINT))';

/** Operator order within the candidates of one group; the previous operator goes before all. */
const STRATEGY_ORDER: Record<Strategy, string> = {
	leastLoaded: 'active, COALESCE(o.last_assigned_ms, 0)',
	roundRobin: 'COALESCE(s.last_assigned_ms, 0)',
	longestIdle: 'COALESCE(o.last_assigned_ms, 0)',
};

export async function liveEntry(db: Db, conversationId: number): Promise<RoutingEntry | null> {
	const rows = await db.query("SELECT * FROM routing_entries WHERE conversation_id = ? AND state <> 'closed'", [
		conversationId,
	]);
	return rows.length ? toEntry(rows[0]) : null;
}

export interface NewEntry {
	conversationId: number;
	customerId: number | null;
	groupId: number;
	line: Line;
	priority: number;
	topic: string | null;
	language: string | null;
	channel: string | null;
	enqueuedMs: number;
	deadlineMs: number | null;
}

/** What a queued entry's place is computed from: the policy's aging step, handling sample and default. */
export interface PlaceBasis {
	nowMs: number;
	agingMs: number;
	handleSample: number;
	defaultHandleSeconds: number;
}

/** An id after every entry's: a new entry, not inserted yet, comes after those enqueued in the same ms. */
const NEW_ID = Number.MAX_SAFE_INTEGER;

/**
 * A row (`position`, `wait_seconds`) for the entry `id` of `groupId` competing with `effective`
 * since `enqueuedMs`: one plus the entries ahead of it in its group's queue, and that position
 * times the group's mean handling time over its last closed entries (the default with none),
 * shared among the slots of its online operators. The one formula for both a new entry's told
 * place (recorded by its insert) and a waiting one's.
 */
function placeSql(groupId: number, id: number, effective: number, enqueuedMs: number, basis: PlaceBasis) {
	const { nowMs, agingMs } = basis;
	return {
		sql: `SELECT f.ahead + 1 AS position,
			CAST(round((f.ahead + 1) * COALESCE(f.handle_ms / 1000.0, ?) / (CASE WHEN f.slots > 1 THEN f.slots ELSE 1 END)) AS INTEGER) AS wait_seconds
		 FROM (SELECT
			(SELECT count(*) FROM routing_entries WHERE group_id = ? AND state = 'queued' AND id <> ?
			 AND (${EFFECTIVE} > ? OR (${EFFECTIVE} = ? AND (enqueued_ms < ? OR (enqueued_ms = ? AND id < ?))))) AS ahead,
			(SELECT avg(closed_ms - assigned_ms) FROM (
				SELECT closed_ms, assigned_ms FROM routing_entries
				WHERE group_id = ? AND state = 'closed' AND assigned_ms IS NOT NULL ORDER BY closed_ms DESC LIMIT ?
			) recent) AS handle_ms,
			(SELECT COALESCE(sum(o.capacity), 0) FROM operators o JOIN operator_skills s ON s.operator_id = o.id
			 WHERE s.group_id = ? AND o.status = 'online') AS slots) f`,
		params: [basis.defaultHandleSeconds, groupId, id, nowMs, agingMs, effective, nowMs, agingMs, effective,
			enqueuedMs, enqueuedMs, id, groupId, basis.handleSample, groupId],
	};
}

/**
 * The queued entry, whether an operator of its group has room (whether a drain could serve anyone)
 * and the place it was queued at, recorded as what the customer is told; `entry` null when the
 * conversation already has a live entry (a concurrent or repeated route).
 */
export type Inserted = { entry: RoutingEntry; room: boolean; place: QueuePlace } | { entry: null };

/**
 * Queues the conversation and hands it off from the bot (lifecycle: handedOff), remembering the
 * operator who last held a conversation of the same customer (to be offered it first) and the place
 * it takes (what the customer is told). The previous operator and the place are subqueries and a
 * live entry a conflict; on PostgreSQL the hand-off and the room ride in the same statement, one
 * round trip and one commit (SQLite has no INSERT or UPDATE in a WITH, and no round trips to save).
 */
export async function insertEntry(db: Db, e: NewEntry, basis: PlaceBasis): Promise<Inserted> {
	const place = placeSql(e.groupId, NEW_ID, e.priority, e.enqueuedMs, basis);
	const insert = `INSERT INTO routing_entries (conversation_id, customer_id, group_id, line, priority, topic, language, channel,
			state, previous_operator_id, enqueued_ms, deadline_ms, told_position, told_wait_seconds)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', (
			SELECT COALESCE(operator_id, previous_operator_id) FROM routing_entries
			WHERE customer_id = ? AND COALESCE(operator_id, previous_operator_id) IS NOT NULL ORDER BY id DESC LIMIT 1
		 ), ?, ?, (SELECT position FROM place), (SELECT wait_seconds FROM place))
		 ON CONFLICT (conversation_id) WHERE state <> 'closed' DO NOTHING RETURNING *`;
	const values = [...place.params, e.conversationId, e.customerId, e.groupId, e.line, e.priority, e.topic, e.language, e.channel,
		e.customerId, e.enqueuedMs, e.deadlineMs];
	const handOff = transitionSql('handedOff', new Date(e.enqueuedMs), '(SELECT conversation_id FROM ins)');
	const rows =
		db.dialect === 'postgres'
			? await db.query(
					`WITH place AS (${place.sql}), ins AS (${insert}), handed AS (${handOff.sql})
					 SELECT ins.*, EXISTS (${ROOM_IN_GROUPS(1)}) AS room FROM ins`,
					[...values, ...handOff.params, e.groupId],
				)
			: await db.query(`WITH place AS (${place.sql}) ${insert}`, values);
	if (!rows.length) return { entry: null };
	const entry = toEntry(rows[0]);
	const told = { position: num(rows[0].told_position), expectedWaitSeconds: num(rows[0].told_wait_seconds) };
	if (db.dialect === 'postgres') return { entry, room: Boolean(rows[0].room), place: told };
	await transition(db, e.conversationId, 'handedOff', new Date(e.enqueuedMs));
	return { entry, room: await anyRoom(db, [e.groupId]), place: told };
}

/** A page of the queued entries of `groupIds`, first to be served first. */
export async function queueHeads(
	db: Db,
	groupIds: number[],
	nowMs: number,
	agingMs: number,
	limit: number,
	offset: number,
): Promise<RoutingEntry[]> {
	const rows = await db.query(
		`SELECT * FROM routing_entries WHERE state = 'queued' AND group_id IN ${inList(groupIds.length)}
		 ORDER BY ${EFFECTIVE} DESC, enqueued_ms, id LIMIT ? OFFSET ?`,
		[...groupIds, nowMs, agingMs, limit, offset],
	);
	return rows.map(toEntry);
}

/**
 * Drains `groupIds` in one call of PostgreSQL's `routing_drain` (migration 028), the conversations
 * it assigned moving on in their lifecycle in the same statement.
 */
export async function drainOnServer(db: Db, groupIds: number[], nowMs: number, agingMs: number): Promise<{ assigned: RoutingEntry[]; contended: boolean }> {
	const taken = transitionSql('assigned', new Date(nowMs), "ANY (SELECT CAST(e ->> 'conversation_id' AS BIGINT) FROM d, jsonb_array_elements(d.r -> 'assigned') e)");
	const rows = await db.query(
		`WITH d AS (SELECT routing_drain(CAST(? AS BIGINT[]), CAST(? AS BIGINT), CAST(? AS BIGINT)) AS r), c AS (${taken.sql}) SELECT r FROM d`,
		[groupIds, nowMs, agingMs, ...taken.params],
	);
	const r = rows[0].r as { assigned: Row[]; contended: boolean };
	return { assigned: r.assigned.map(toEntry), contended: r.contended };
}

/** Locks a still-queued entry for this transaction; null when it was taken or another worker holds it. */
export async function lockQueued(db: Db, id: number): Promise<RoutingEntry | null> {
	const rows = await db.query(`SELECT * FROM routing_entries WHERE id = ? AND state = 'queued'${skipLocked(db)}`, [id]);
	return rows.length ? toEntry(rows[0]) : null;
}

/** Whether any online operator of these groups has room (by committed counts; a cheap pre-check). */
export async function anyRoom(db: Db, groupIds: number[]): Promise<boolean> {
	return (await db.query(ROOM_IN_GROUPS(groupIds.length), groupIds)).length > 0;
}

/** A row when an online operator of the `count` groups bound as parameters has room. */
const ROOM_IN_GROUPS = (count: number) =>
	`SELECT 1 AS x FROM operators o JOIN operator_skills s ON s.operator_id = o.id
	 WHERE s.group_id IN ${inList(count)} AND o.status = 'online' AND ${ACTIVE} < o.capacity LIMIT 1`;

export interface Candidate {
	id: number;
	languages: string[];
}

/** Online operators of the group with room, in the group's strategy order, `preferred` first. */
export async function candidates(db: Db, groupId: number, strategy: Strategy, preferred: number | null): Promise<Candidate[]> {
	const rows = await db.query(
		`SELECT o.id, o.languages, ${ACTIVE} AS active FROM operators o
		 JOIN operator_skills s ON s.operator_id = o.id AND s.group_id = ?
		 WHERE o.status = 'online' AND ${ACTIVE} < o.capacity
		 ORDER BY CASE WHEN o.id = ? THEN 0 ELSE 1 END, ${STRATEGY_ORDER[strategy]}, o.id`,
		[groupId, preferred ?? -1],
	);
	return rows.map((r) => ({ id: num(r.id), languages: JSON.parse(String(r.languages)) as string[] }));
}

/**
 * Locks the operator (skipping one another worker holds) and counts their load inside the
 * transaction: whether they still have room. Two workers can never both fill the last slot,
 * because the second one either skips the locked row or counts after the first committed.
 */
export async function lockWithRoom(db: Db, operatorId: number): Promise<'room' | 'full' | 'locked'> {
	const locked = await db.query(`SELECT id, capacity FROM operators WHERE id = ? AND status = 'online'${skipLocked(db)}`, [
		operatorId,
	]);
	if (!locked.length) return 'locked';
	const load = await db.query("SELECT count(*) AS n FROM routing_entries WHERE operator_id = ? AND state = 'assigned'", [
		operatorId,
	]);
	return num(load[0].n) < num(locked[0].capacity) ? 'room' : 'full';
}

/** Locks the operator row, waiting for other holders: status changes must see every committed assignment. */
export async function lockOperator(db: Db, operatorId: number): Promise<Row | null> {
	const rows = await db.query(`SELECT * FROM operators WHERE id = ?${waitLock(db)}`, [operatorId]);
	return rows[0] ?? null;
}

/** Gives the locked entry to the operator, stamps both for the strategies and moves the conversation on (lifecycle: assigned). */
export async function assign(db: Db, entryId: number, operatorId: number, groupId: number, nowMs: number): Promise<RoutingEntry> {
	const rows = await db.query(
		"UPDATE routing_entries SET state = 'assigned', operator_id = ?, assigned_ms = ? WHERE id = ? AND state = 'queued' RETURNING *",
		[operatorId, nowMs, entryId],
	);
	if (!rows.length) throw new Error(`Routing entry ${entryId} left the queue while locked.`);
	const entry = toEntry(rows[0]);
	await db.query('UPDATE operators SET last_assigned_ms = ? WHERE id = ?', [nowMs, operatorId]);
	await db.query('UPDATE operator_skills SET last_assigned_ms = ? WHERE operator_id = ? AND group_id = ?', [nowMs, operatorId, groupId]);
	await transition(db, entry.conversationId, 'assigned', new Date(nowMs));
	return entry;
}

/** A queued entry's place: its position in its group's queue and its expected wait. */
export async function placeOfEntry(db: Db, e: RoutingEntry, effective: number, basis: PlaceBasis): Promise<QueuePlace> {
	const place = placeSql(e.groupId, e.id, effective, Date.parse(e.enqueuedAt), basis);
	const [row] = await db.query(place.sql, place.params);
	return { position: num(row.position), expectedWaitSeconds: num(row.wait_seconds) };
}

export async function closeLive(db: Db, conversationId: number, nowMs: number): Promise<RoutingEntry | null> {
	const rows = await db.query(
		"UPDATE routing_entries SET state = 'closed', closed_ms = ? WHERE conversation_id = ? AND state <> 'closed' RETURNING *",
		[nowMs, conversationId],
	);
	return rows.length ? toEntry(rows[0]) : null;
}

/**
 * Puts the operator's unanswered conversations back in their queues, at their old priority and
 * enqueued time. Answered ones wait for the customer and stay theirs: whoever answers the
 * customer's next message is decided then (its deadline escalates it if the operator is away).
 */
export async function requeueOf(db: Db, operatorId: number, nowMs: number): Promise<RoutingEntry[]> {
	const rows = await db.query(
		`UPDATE routing_entries SET state = 'queued', operator_id = NULL, assigned_ms = NULL, previous_operator_id = ?
		 WHERE operator_id = ? AND state = 'assigned'
		 AND conversation_id NOT IN (SELECT id FROM conversations WHERE state = 'answered') RETURNING *`,
		[operatorId, operatorId],
	);
	const entries = rows.map(toEntry);
	for (const e of entries) await transition(db, e.conversationId, 'requeued', new Date(nowMs));
	return entries;
}

/** Live entries whose deadline has passed, oldest deadline first, locked against a concurrent escalation. */
export async function overdue(db: Db, nowMs: number, limit: number): Promise<RoutingEntry[]> {
	const rows = await db.query(
		`SELECT * FROM routing_entries WHERE state IN ('queued', 'assigned') AND deadline_ms IS NOT NULL AND deadline_ms <= ?
		 ORDER BY deadline_ms, id LIMIT ?${skipLocked(db)}`,
		[nowMs, limit],
	);
	return rows.map(toEntry);
}

export interface EntryMove {
	groupId: number;
	line: Line;
	priority: number;
	deadlineMs: number | null;
	flaggedMs?: number | null;
	note?: string | null;
	/** Back to the queue (keeping the enqueued time) or straight to an operator. */
	operatorId: number | null;
	assignedMs: number | null;
}

/** Moves a live entry to another group/line, counting one escalation. */
export async function moveEntry(db: Db, id: number, m: EntryMove): Promise<RoutingEntry> {
	const rows = await db.query(
		`UPDATE routing_entries SET group_id = ?, line = ?, priority = ?, deadline_ms = ?, escalations = escalations + 1,
			flagged_ms = COALESCE(?, flagged_ms), note = COALESCE(?, note),
			previous_operator_id = COALESCE(operator_id, previous_operator_id),
			state = ?, operator_id = ?, assigned_ms = ?
		 WHERE id = ? AND state <> 'closed' RETURNING *`,
		[m.groupId, m.line, m.priority, m.deadlineMs, m.flaggedMs ?? null, m.note ?? null,
			m.operatorId === null ? 'queued' : 'assigned', m.operatorId, m.assignedMs, id],
	);
	if (!rows.length) throw new Error(`Routing entry ${id} is closed.`);
	return toEntry(rows[0]);
}

export async function recordTold(db: Db, id: number, position: number, waitSeconds: number): Promise<void> {
	await db.query('UPDATE routing_entries SET told_position = ?, told_wait_seconds = ? WHERE id = ?', [position, waitSeconds, id]);
}

export async function toldOf(db: Db, id: number): Promise<{ position: number; expectedWaitSeconds: number } | null> {
	const rows = await db.query('SELECT told_position, told_wait_seconds FROM routing_entries WHERE id = ?', [id]);
	if (!rows.length || rows[0].told_position === null) return null;
	return { position: num(rows[0].told_position), expectedWaitSeconds: num(rows[0].told_wait_seconds) };
}
