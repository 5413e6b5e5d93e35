import { transition, transitionEachSql, transitionSql } from '../../lifecycle/transitions';
import type { Db, Row } from '../../store/types';
import type { Line, QueuePlace, RoutingEntry, Strategy } from '../types';
import { ACTIVE, ONLINE_IN_GROUP } from './directory';
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

/** An entry about to be queued: what routing decided for it, its times as epoch milliseconds. */
export interface NewEntry extends Pick<RoutingEntry, 'conversationId' | 'customerId' | 'groupId' | 'line' | 'priority' | 'topic' | 'language' | 'channel'> {
	enqueuedMs: number;
	deadlineMs: number | null;
	/**
	 * The group came from the rules, not named by the caller: a conversation served before (reopened
	 * within its window) goes back to the group that last had it instead, at that group's line.
	 */
	byRules: boolean;
	/** The deadline is the group's SLA, so a conversation sent back to its last group takes that group's. */
	deadlineOfGroup: boolean;
}

/** What a queued entry's place is computed from: the policy's aging step, handling sample and default. */
export interface PlaceBasis {
	agingMs: number;
	handleSample: number;
	defaultHandleSeconds: number;
}

/** An id after every entry's: a new entry, not inserted yet, comes after those enqueued in the same ms. */
const NEW_ID = Number.MAX_SAFE_INTEGER;

/** `t`'s effective priority at the place subject's time (integer division: the columns are BIGINT). */
const agedAt = (t: string) => `(${t}.priority + (p.now_ms - ${t}.enqueued_ms) / p.aging_ms)`;

/**
 * The CTEs `counted` and `place`: each row of the CTE `subject` (aliased `p`, with columns
 * group_id, id, effective, enqueued_ms, now_ms, aging_ms, default_handle_s) with its `position` and
 * `wait_seconds`: one plus the entries ahead of it in its group's queue (and `alsoAhead` more), and
 * that position times the group's mean handling time over its last closed entries (the default with
 * none), shared among the slots of its online operators. The one formula for both a new entry's
 * told place (recorded by its insert) and a waiting one's. `counted` is materialised: inlined, each
 * of its counts would be made again for every column that uses it (the queue walked twice).
 */
function placeSql(subject: string, handleSample: number, alsoAhead = '0') {
	return {
		sql: `counted AS MATERIALIZED (SELECT p.*,
			(SELECT count(*) FROM routing_entries r WHERE r.group_id = p.group_id AND r.state = 'queued' AND r.id <> p.id
			 AND (${agedAt('r')} > p.effective OR (${agedAt('r')} = p.effective
				AND (r.enqueued_ms < p.enqueued_ms OR (r.enqueued_ms = p.enqueued_ms AND r.id < p.id))))) + ${alsoAhead} AS ahead,
			(SELECT avg(h.closed_ms - h.assigned_ms) FROM (
				SELECT closed_ms, assigned_ms FROM routing_entries
				WHERE group_id = p.group_id AND state = 'closed' AND assigned_ms IS NOT NULL ORDER BY closed_ms DESC LIMIT ?
			) h) AS handle_ms,
			(SELECT COALESCE(sum(o.capacity), 0) FROM operators o JOIN operator_skills k ON k.operator_id = o.id
			 WHERE k.group_id = p.group_id AND o.status = 'online') AS slots
		 FROM ${subject} p),
		place AS (SELECT s.*, s.ahead + 1 AS position,
			CAST(round((s.ahead + 1) * COALESCE(s.handle_ms / 1000.0, s.default_handle_s) / (CASE WHEN s.slots > 1 THEN s.slots ELSE 1 END)) AS INTEGER) AS wait_seconds
		 FROM counted s)`,
		params: [handleSample] as unknown[],
	};
}

/**
 * The queued entry, whether an operator of its group has room (whether a drain could serve anyone),
 * how many of its operators are online (none: no wait can be promised)
 * and the place it was queued at, recorded as what the customer is told; `entry` null when the
 * conversation already has a live entry (a concurrent or repeated route).
 */
export type Inserted = { entry: RoutingEntry; room: boolean; online: number; place: QueuePlace } | { entry: null; live: Told | null };

/** A live entry and the place its customer was last told (null when never told). */
export interface Told {
	entry: RoutingEntry;
	told: QueuePlace | null;
}

const toldOfRow = (r: Row): QueuePlace | null =>
	r.told_position === null ? null : { position: num(r.told_position), expectedWaitSeconds: num(r.told_wait_seconds) };

const toTold = (r: Row): Told => ({ entry: toEntry(r), told: toldOfRow(r) });

const BIG = 'CAST(? AS BIGINT)';
const TEXT = 'CAST(? AS TEXT)';
/** A new entry's columns as a VALUES row, `ord` its place in the batch. */
const NEW_ROW = `(${[BIG, BIG, BIG, BIG, BIG, BIG, TEXT, TEXT, TEXT, BIG, BIG, BIG, BIG].join(', ')})`;
const newRow = (e: NewEntry, ord: number) => [ord, e.conversationId, e.customerId, e.groupId, e.line, e.priority, e.topic, e.language, e.channel,
	e.enqueuedMs, e.deadlineMs, e.byRules ? 1 : 0, e.deadlineOfGroup ? 1 : 0];

/**
 * The asked entries (`a`) with their group: the one that last had the conversation when the rules
 * chose one and it was served before (its entry closed when it was resolved, the conversation
 * reopened since), so that a customer who comes back within the window finds the line and the
 * people that knew their case rather than the topic's first line; else the one asked.
 */
const KEPT_GROUP = `SELECT a.ord, a.conversation_id, a.customer_id, COALESCE(k.id, a.group_id) AS group_id, COALESCE(k.line, a.line) AS line,
		a.priority, a.topic, a.language, a.channel, a.enqueued_ms,
		CASE WHEN k.id IS NULL OR a.deadline_of_group = 0 THEN a.deadline_ms
			WHEN k.sla_minutes IS NULL THEN NULL ELSE a.enqueued_ms + k.sla_minutes * CAST(60000 AS BIGINT) END AS deadline_ms
	FROM a LEFT JOIN skill_groups k ON a.by_rules = 1 AND k.id = (
		SELECT c.group_id FROM routing_entries c WHERE c.conversation_id = a.conversation_id AND c.state = 'closed' ORDER BY c.id DESC LIMIT 1)`;

/**
 * Queues the conversations, in the order given, and hands them off from the bot (lifecycle:
 * handedOff), each remembering the operator who last held a conversation of the same customer (to
 * be offered it first) and the place it takes at its own time (what the customer is told; those
 * queued before it in the same call count as ahead). All of them are one statement: the previous
 * operator and the place are subqueries and a live entry a conflict; on PostgreSQL the hand-offs
 * and the room ride in the same statement, one round trip and one commit for the lot (SQLite has no
 * INSERT or UPDATE in a WITH, and no round trips to save). A conversation given twice, or already
 * live, gets `entry` null and, read by the same statement, its live entry (on PostgreSQL, one
 * inserted by the same call is not seen: `live` null).
 */
export async function insertEntries(db: Db, news: NewEntry[], basis: PlaceBasis): Promise<Inserted[]> {
	const ahead = `(SELECT count(*) FROM fresh w WHERE w.group_id = p.group_id AND w.ord < p.ord
		AND (${agedAt('w')} > p.effective OR (${agedAt('w')} = p.effective AND w.enqueued_ms <= p.enqueued_ms)))`;
	const place = placeSql('fresh', basis.handleSample, ahead);
	const rows = `WITH a (ord, conversation_id, customer_id, group_id, line, priority, topic, language, channel, enqueued_ms, deadline_ms,
			by_rules, deadline_of_group) AS (VALUES ${news.map(() => NEW_ROW).join(', ')}),
		v AS (${KEPT_GROUP}),
		fresh AS (SELECT v.*, CAST(${NEW_ID} AS BIGINT) AS id, v.priority AS effective, v.enqueued_ms AS now_ms,
			${BIG} AS aging_ms, CAST(? AS DOUBLE PRECISION) AS default_handle_s FROM v
			WHERE NOT EXISTS (SELECT 1 FROM routing_entries l WHERE l.conversation_id = v.conversation_id AND l.state <> 'closed')
			AND NOT EXISTS (SELECT 1 FROM v w WHERE w.conversation_id = v.conversation_id AND w.ord < v.ord)),
		${place.sql}`;
	const insert = `INSERT INTO routing_entries (conversation_id, customer_id, group_id, line, priority, topic, language, channel,
			state, previous_operator_id, enqueued_ms, deadline_ms, told_position, told_wait_seconds)
		 SELECT n.conversation_id, n.customer_id, n.group_id, n.line, n.priority, n.topic, n.language, n.channel, 'queued', (
			SELECT COALESCE(operator_id, previous_operator_id) FROM routing_entries
			WHERE customer_id = n.customer_id AND COALESCE(operator_id, previous_operator_id) IS NOT NULL ORDER BY id DESC LIMIT 1
		 ), n.enqueued_ms, n.deadline_ms, n.position, n.wait_seconds FROM place n WHERE true ORDER BY n.ord
		 ON CONFLICT (conversation_id) WHERE state <> 'closed' DO NOTHING RETURNING *`;
	const values = [...news.flatMap(newRow), basis.agingMs, basis.defaultHandleSeconds, ...place.params];
	const handOff = transitionEachSql('handedOff', 'SELECT conversation_id AS id, to_timestamp(enqueued_ms / 1000.0) AS at FROM ins');
	if (db.dialect === 'postgres') {
		const found = await db.query(
			`${rows}, ins AS (${insert}), handed AS (${handOff.sql})
			 SELECT ins.*, EXISTS (${ROOM_IN_GROUPS('= ins.group_id')}) AS room, (${ONLINE_IN_GROUP('ins.group_id')}) AS online, 1 AS fresh FROM ins
			 UNION ALL SELECT l.*, false, 0, 0 FROM routing_entries l WHERE l.state <> 'closed' AND l.conversation_id IN (SELECT conversation_id FROM v)`,
			[...values, ...handOff.params],
		);
		const fresh = found.filter((r) => num(r.fresh) === 1);
		return insertedOf(news, fresh, found.filter((r) => num(r.fresh) === 0), async (row) => ({ room: Boolean(row.room), online: num(row.online) }));
	}
	// One transaction, so that the room is asked of the store the inserts left, as on PostgreSQL.
	return db.transaction(async (tx) => {
		const fresh = await tx.query(`${rows} ${insert}`, values);
		const lives =
			fresh.length < news.length
				? await tx.query(`SELECT * FROM routing_entries WHERE state <> 'closed' AND conversation_id IN ${inList(news.length)}`,
						news.map((e) => e.conversationId))
				: [];
		return insertedOf(news, fresh, lives, async (row, e) => {
			await transition(tx, e.conversationId, 'handedOff', new Date(e.enqueuedMs));
			const [asked] = await tx.query(`SELECT EXISTS (${ROOM_IN_GROUPS('= ?')}) AS room, (${ONLINE_IN_GROUP('?')}) AS online`, [row.group_id, row.group_id]);
			return { room: Boolean(num(asked.room)), online: num(asked.online) };
		});
	});
}

/**
 * Each new entry as its route sees it: its row and its group's room and operators online, or, not inserted (live
 * already, or given twice), the live entry found for it.
 */
async function insertedOf(
	news: NewEntry[],
	fresh: Row[],
	lives: Row[],
	ask: (row: Row, e: NewEntry) => Promise<{ room: boolean; online: number }>,
): Promise<Inserted[]> {
	const byConversation = new Map(fresh.map((r) => [num(r.conversation_id), r]));
	const liveOf = new Map(lives.map((r) => [num(r.conversation_id), r]));
	const results: Inserted[] = [];
	for (const e of news) {
		const row = byConversation.get(e.conversationId);
		byConversation.delete(e.conversationId);
		if (!row) {
			const found = liveOf.get(e.conversationId);
			results.push({ entry: null, live: found ? toTold(found) : null });
			continue;
		}
		// A new entry is always told its place by its insert.
		results.push({ entry: toEntry(row), ...(await ask(row, e)), place: toldOfRow(row)! });
	}
	return results;
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
 * Drains `groupIds` in one call of PostgreSQL's `routing_drain` (migrations 028 and 029), the conversations
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
	return (await db.query(ROOM_IN_GROUPS(`IN ${inList(groupIds.length)}`), groupIds)).length > 0;
}

/** A row when an online operator of the groups `groupIs` (`IN (…)`, `= …`) says has room. */
const ROOM_IN_GROUPS = (groupIs: string) =>
	`SELECT 1 AS x FROM operators o JOIN operator_skills s ON s.operator_id = o.id
	 WHERE s.group_id ${groupIs} AND o.status = 'online' AND ${ACTIVE} < o.capacity LIMIT 1`;

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

/** A queued entry whose place is asked, with its effective priority at `nowMs`. */
export interface PlaceAsk {
	entry: RoutingEntry;
	effective: number;
	nowMs: number;
}

/** The asks as the CTE `subject` of `placeSql`, with the priority each was asked at and `ord` its place among the asks. */
function subjectOf(asks: PlaceAsk[], basis: PlaceBasis) {
	const row = `(${[BIG, BIG, BIG, BIG, BIG, BIG, BIG, BIG, 'CAST(? AS DOUBLE PRECISION)'].join(', ')})`;
	return {
		sql: `subject (ord, group_id, id, priority, effective, enqueued_ms, now_ms, aging_ms, default_handle_s) AS (VALUES ${asks.map(() => row).join(', ')})`,
		params: asks.flatMap((a, ord) => [ord, a.entry.groupId, a.entry.id, a.entry.priority, a.effective, Date.parse(a.entry.enqueuedAt), a.nowMs,
			basis.agingMs, basis.defaultHandleSeconds]),
	};
}

/**
 * Queued entries' places (position in their group's queue and expected wait), in the order asked,
 * by one statement: each ask's row found by its `ord`, so that two asks of one entry at different
 * times each get their own.
 */
export async function placesOfEntries(db: Db, asks: PlaceAsk[], basis: PlaceBasis): Promise<QueuePlace[]> {
	const subject = subjectOf(asks, basis);
	const place = placeSql('subject', basis.handleSample);
	const rows = await db.query(`WITH ${subject.sql}, ${place.sql} SELECT * FROM place`, [...subject.params, ...place.params]);
	const byAsk = new Map(rows.map((r) => [num(r.ord), { position: num(r.position), expectedWaitSeconds: num(r.wait_seconds) }]));
	return asks.map((a, ord) => {
		const found = byAsk.get(ord);
		if (!found) throw new Error(`Routing entry ${a.entry.id} is gone.`);
		return found;
	});
}

/**
 * The same places, recorded as what the customers are told, each with its entry as recorded; null
 * for an entry no longer queued as it was asked (taken, closed or moved since it was read), which
 * is left as it is. One statement, so a route need not read its entry again before telling it.
 */
export async function tellPlacesOfEntries(db: Db, asks: PlaceAsk[], basis: PlaceBasis): Promise<(Told | null)[]> {
	const subject = subjectOf(asks, basis);
	const place = placeSql('subject', basis.handleSample);
	const rows = await db.query(
		`WITH ${subject.sql}, ${place.sql}
		 UPDATE routing_entries SET told_position = (SELECT position FROM place WHERE place.id = routing_entries.id),
			told_wait_seconds = (SELECT wait_seconds FROM place WHERE place.id = routing_entries.id)
		 WHERE state = 'queued' AND EXISTS (SELECT 1 FROM place WHERE place.id = routing_entries.id AND place.group_id = routing_entries.group_id
			AND place.priority = routing_entries.priority AND place.enqueued_ms = routing_entries.enqueued_ms)
		 RETURNING *`,
		[...subject.params, ...place.params],
	);
	const byId = new Map(rows.map((r) => [num(r.id), r]));
	return asks.map((a) => {
		const found = byId.get(a.entry.id);
		return found ? toTold(found) : null;
	});
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
 * customer's next message is decided then (`requeueFromOffline`).
 */
export const requeueOf = (db: Db, operatorId: number, nowMs: number): Promise<RoutingEntry[]> =>
	requeueWhere(db, 'operator_id = ?', [operatorId], nowMs);

/**
 * The conversation back in its queue when the operator holding it is offline: a customer who
 * writes again after their operator left is answered by a colleague of the group, not left
 * waiting for their deadline to send them up a line.
 */
export const requeueFromOffline = (db: Db, conversationId: number, nowMs: number): Promise<RoutingEntry[]> =>
	requeueWhere(db, "conversation_id = ? AND operator_id IN (SELECT id FROM operators WHERE status = 'offline')", [conversationId], nowMs);

async function requeueWhere(db: Db, where: string, params: unknown[], nowMs: number): Promise<RoutingEntry[]> {
	const rows = await db.query(
		`UPDATE routing_entries SET state = 'queued', operator_id = NULL, assigned_ms = NULL, previous_operator_id = operator_id
		 WHERE ${where} AND state = 'assigned'
		 AND conversation_id NOT IN (SELECT id FROM conversations WHERE state = 'answered') RETURNING *`,
		params,
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
	/**
	 * Set when it comes to another group or operator; null keeps when it arrived where it is. A new
	 * holder also ends a supervisor's flag: they owe the answer, by a deadline of their own.
	 */
	arrivedMs: number | null;
}

/** Moves a live entry to another group/line, counting one escalation. */
export async function moveEntry(db: Db, id: number, m: EntryMove): Promise<RoutingEntry> {
	const rows = await db.query(
		`UPDATE routing_entries SET group_id = ?, line = ?, priority = ?, deadline_ms = ?, escalations = escalations + 1,
			flagged_ms = CASE WHEN CAST(? AS BIGINT) IS NULL THEN COALESCE(?, flagged_ms) END, note = COALESCE(?, note),
			previous_operator_id = COALESCE(operator_id, previous_operator_id),
			state = ?, operator_id = ?, assigned_ms = ?, arrived_ms = COALESCE(?, arrived_ms)
		 WHERE id = ? AND state <> 'closed' RETURNING *`,
		[m.groupId, m.line, m.priority, m.deadlineMs, m.arrivedMs, m.flaggedMs ?? null, m.note ?? null,
			m.operatorId === null ? 'queued' : 'assigned', m.operatorId, m.assignedMs, m.arrivedMs, id],
	);
	if (!rows.length) throw new Error(`Routing entry ${id} is closed.`);
	return toEntry(rows[0]);
}

export async function recordTold(db: Db, id: number, position: number, waitSeconds: number): Promise<void> {
	await db.query('UPDATE routing_entries SET told_position = ?, told_wait_seconds = ? WHERE id = ?', [position, waitSeconds, id]);
}

/** The conversation's live entry and the place its customer was last told. */
export async function toldEntry(db: Db, conversationId: number): Promise<Told | null> {
	const rows = await db.query("SELECT * FROM routing_entries WHERE conversation_id = ? AND state <> 'closed'", [conversationId]);
	return rows.length ? toTold(rows[0]) : null;
}
