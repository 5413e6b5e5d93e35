import type { Migration } from './migration';

/**
 * An operator's load (their assigned entries) is counted for every candidate of every head a
 * drain serves, and for every arrival asking whether its group has room. Without statistics (a
 * busy table between autovacuum's analyses) PostgreSQL counted it through `(state, deadline_ms)`,
 * reading every assigned entry of the center for each operator, rather than through
 * `(operator_id, state)`, which costs the same by its guess. This index holds only the assigned
 * entries, by operator: cheaper by any guess, so a load is counted from the operator's own entries.
 * SQLite's planner already counts through `(operator_id, state)`.
 */
export const routingAssignedIndexMigration: Migration = {
	version: 32,
	name: 'index of assigned routing entries by operator',
	up: ({ dialect }) =>
		dialect === 'postgres' ? ["CREATE INDEX routing_entries_assigned ON routing_entries (operator_id) WHERE state = 'assigned'"] : [],
};
