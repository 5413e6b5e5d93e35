import type { Operator } from '../../routing';
import { routerOn } from '../../routing';
import type { Db } from '../../store/types';
import { deskList, type ListRow } from '../list';
import { CLOCK_RUNS } from '../../lifecycle/sla';

/** A conversation whose deadline falls this close to now is about to break its SLA. */
export const AT_RISK_MS = 5 * 60_000;

export type SlaState = 'overdue' | 'atRisk' | 'ok' | 'none';

export interface GroupFloor {
	groupId: number;
	name: string;
	line: number;
	queued: number;
	/** How long the group's oldest queued conversation has been in its queue (since a transfer brought it, if one did). */
	longestWaitSeconds: number | null;
	assigned: number;
	/** Conversations of the group (queued or held) whose deadline falls within the next five minutes. */
	atRisk: number;
	/** Conversations of the group whose deadline has passed without the answer it asked for. */
	overdue: number;
}

export interface OperatorFloor {
	operatorId: number;
	name: string;
	status: Operator['status'];
	active: number;
	capacity: number;
	/** active / capacity. */
	load: number | null;
}

/** A conversation on the floor, as the dashboard lists it. */
export interface FloorRow {
	conversationId: number;
	customerName: string | null;
	channel: string;
	topic: string | null;
	groupId: number;
	groupName: string;
	line: number;
	state: ListRow['state'];
	operatorName: string | null;
	waitingSince: string | null;
	slaDueAt: string | null;
	sla: SlaState;
}

export interface Floor {
	now: string;
	groups: GroupFloor[];
	operators: { online: number; away: number; offline: number; rows: OperatorFloor[] };
	/** Queued conversations, longest waiting first. */
	waiting: FloorRow[];
	/** Queued or held conversations past their deadline or within five minutes of it, most urgent first. */
	atRisk: FloorRow[];
}

export function slaStateOf(dueAt: string | null, nowMs: number): SlaState {
	if (dueAt === null) return 'none';
	const left = Date.parse(dueAt) - nowMs;
	return left < 0 ? 'overdue' : left <= AT_RISK_MS ? 'atRisk' : 'ok';
}

function floorRow(row: ListRow, nowMs: number): FloorRow {
	const { conversationId, customerName, channel, topic, groupId, groupName, line, state, operatorName, waitingSince, slaDueAt } = row;
	return { conversationId, customerName, channel, topic, groupId, groupName, line, state, operatorName, waitingSince, slaDueAt, sla: slaStateOf(slaDueAt, nowMs) };
}

const byTime = (a: string | null, b: string | null) => (a ?? '\uffff').localeCompare(b ?? '\uffff');

/**
 * The floor now, as a supervisor sees it: each skill group's queue, who is about to miss a
 * deadline and how loaded each operator is. Deadlines come from the desk's own list, so that the
 * dashboard and the desk's countdowns never disagree. A supervisor's list holds every queue and
 * every held conversation, so the floor is the same whichever supervisor asks.
 */
export async function liveFloor(db: Db, supervisor: Operator, at: Date): Promise<Floor> {
	const nowMs = at.getTime();
	const router = routerOn(db);
	const clockRuns = [...CLOCK_RUNS];
	const [groups, operators, list, counts, deadlines] = await Promise.all([
		router.groups.list(),
		router.operators.list(),
		deskList(db, supervisor, at),
		db.query(
			`SELECT group_id, state, count(*) AS n, min(COALESCE(arrived_ms, enqueued_ms)) AS oldest FROM routing_entries
			 WHERE state <> 'closed' GROUP BY group_id, state`,
		),
		// Counted over every live conversation, not over the lists, which show the first few hundred.
		db.query(
			`SELECT e.group_id, SUM(CASE WHEN e.deadline_ms < ? THEN 1 ELSE 0 END) AS overdue,
			   SUM(CASE WHEN e.deadline_ms >= ? AND e.deadline_ms <= ? THEN 1 ELSE 0 END) AS at_risk
			 FROM routing_entries e JOIN conversations c ON c.id = e.conversation_id
			 WHERE e.state <> 'closed' AND e.deadline_ms IS NOT NULL AND c.state IN (${clockRuns.map(() => '?').join(', ')})
			 GROUP BY e.group_id`,
			[nowMs, nowMs, nowMs + AT_RISK_MS, ...clockRuns],
		),
	]);
	const live = [...list.queue, ...list.mine, ...(list.team ?? [])].map((r) => floorRow(r, nowMs));
	const count = (groupId: number, state: string) => counts.find((c) => Number(c.group_id) === groupId && c.state === state);

	const groupRows = groups.map((g): GroupFloor => {
		const queued = count(g.id, 'queued');
		const due = deadlines.find((d) => Number(d.group_id) === g.id);
		return {
			groupId: g.id,
			name: g.name,
			line: g.line,
			queued: queued ? Number(queued.n) : 0,
			longestWaitSeconds: queued ? Math.max(0, Math.round((nowMs - Number(queued.oldest)) / 1000)) : null,
			assigned: Number(count(g.id, 'assigned')?.n ?? 0) + Number(count(g.id, 'waiting')?.n ?? 0),
			atRisk: Number(due?.at_risk ?? 0),
			overdue: Number(due?.overdue ?? 0),
		};
	});
	// A supervisor who serves no group and holds nothing is not part of the floor's capacity.
	const staff = operators.filter((o) => o.role === 'operator' || o.skills.length > 0 || o.active > 0);
	const statusCount = (status: Operator['status']) => staff.filter((o) => o.status === status).length;
	return {
		now: at.toISOString(),
		groups: groupRows,
		operators: {
			online: statusCount('online'),
			away: statusCount('away'),
			offline: statusCount('offline'),
			rows: staff.map((o) => ({
				operatorId: o.id,
				name: o.name,
				status: o.status,
				active: o.active,
				capacity: o.capacity,
				load: o.capacity > 0 ? Math.round((o.active / o.capacity) * 100) / 100 : null,
			})),
		},
		waiting: live.filter((r) => r.state === 'queued').sort((a, b) => byTime(a.waitingSince, b.waitingSince)),
		atRisk: live.filter((r) => r.sla === 'overdue' || r.sla === 'atRisk').sort((a, b) => byTime(a.slaDueAt, b.slaDueAt)),
	};
}
