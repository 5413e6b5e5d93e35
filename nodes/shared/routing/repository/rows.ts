import type { Row } from '../../store/types';
import { iso } from '../../store/rows';
import type { Line, Operator, RoutingEntry, SkillGroup, Strategy } from '../types';

/** PostgreSQL returns BIGINT and count(*) as strings; SQLite as numbers. */
export const num = (value: unknown): number => Number(value);
const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
export const msToIso = (value: unknown): string | null =>
	value === null || value === undefined ? null : new Date(Number(value)).toISOString();
const list = (value: unknown): string[] => JSON.parse(String(value ?? '[]')) as string[];
const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

export const toGroup = (r: Row): SkillGroup => ({
	id: num(r.id),
	name: String(r.name),
	topics: list(r.topics),
	languages: list(r.languages),
	channels: list(r.channels),
	line: num(r.line) as Line,
	escalationGroupId: numOrNull(r.escalation_group_id),
	strategy: r.strategy as Strategy,
	slaMinutes: numOrNull(r.sla_minutes),
});

/** `active` comes from the query (a count of assigned entries); skills from operator_skills. */
export const toOperator = (r: Row, skills: number[]): Operator => ({
	id: num(r.id),
	name: String(r.name),
	login: String(r.login),
	role: r.role as Operator['role'],
	skills,
	languages: list(r.languages),
	capacity: num(r.capacity),
	status: r.status as Operator['status'],
	lastAssignedAt: msToIso(r.last_assigned_ms),
	active: num(r.active ?? 0),
});

export const toEntry = (r: Row): RoutingEntry => ({
	id: num(r.id),
	conversationId: num(r.conversation_id),
	customerId: numOrNull(r.customer_id),
	groupId: num(r.group_id),
	line: num(r.line) as Line,
	priority: num(r.priority),
	topic: text(r.topic),
	language: text(r.language),
	channel: text(r.channel),
	state: r.state as RoutingEntry['state'],
	operatorId: numOrNull(r.operator_id),
	previousOperatorId: numOrNull(r.previous_operator_id),
	enqueuedAt: iso(new Date(num(r.enqueued_ms))),
	arrivedAt: iso(new Date(num(r.arrived_ms ?? r.enqueued_ms))),
	deadline: msToIso(r.deadline_ms),
	assignedAt: msToIso(r.assigned_ms),
	closedAt: msToIso(r.closed_ms),
	flaggedAt: msToIso(r.flagged_ms),
	escalations: num(r.escalations),
	note: text(r.note),
});

/** `(?, ?, …)` for an IN list of `n` values. */
export const inList = (n: number): string => `(${Array.from({ length: n }, () => '?').join(', ')})`;
