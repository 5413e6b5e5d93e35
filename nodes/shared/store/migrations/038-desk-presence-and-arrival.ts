import type { Migration } from './migration';

/**
 * Desk presence and where a conversation arrived last.
 *
 * A session outlives its tab: closed without signing out, it lives on until it runs idle, and its
 * operator with it, online and given customers nobody reads. So each desk page's calls keep their
 * session present until `present_until_ms` (the page's call plus the desk's setting, kept with the
 * session so that a schedule with no desk page open can judge it); an operator none of whose
 * sessions is present is taken offline, and `resume_status` remembers what they were, for when a
 * page of theirs calls again. Null until the session's page calls: not judged absent before.
 *
 * `arrived_ms`: when a transfer or escalation brought the entry to its current group or operator,
 * whose answer the customer now waits for (null: where it was first queued, at `enqueued_ms`).
 * `enqueued_ms` stays the first hand-off: the queue's order and the reports count from it.
 */
export const deskPresenceAndArrivalMigration: Migration = {
	version: 38,
	name: 'desk page presence and routing arrival',
	up: () => [
		'ALTER TABLE desk_sessions ADD COLUMN present_until_ms BIGINT',
		'ALTER TABLE desk_sessions ADD COLUMN resume_status TEXT',
		'ALTER TABLE routing_entries ADD COLUMN arrived_ms BIGINT',
	],
};
