import type { Migration } from './migration';

/**
 * Phone calls on the customer card: one row per call with what the call went through (menu
 * choices, the wait, who answered, the chat offer), and each platform event's key once, so that a
 * callback delivered twice is recorded once.
 */
export const callsMigration: Migration = {
	version: 21,
	name: 'phone calls',
	up: ({ id, timestamp }) => [
		`CREATE TABLE calls (
			id ${id},
			platform TEXT NOT NULL,
			account TEXT NOT NULL,
			call_id TEXT NOT NULL,
			customer_id BIGINT REFERENCES customers (id),
			from_number TEXT NOT NULL,
			verified_caller INTEGER NOT NULL DEFAULT 0,
			started_at ${timestamp} NOT NULL,
			answered_at ${timestamp},
			answered_by TEXT,
			ended_at ${timestamp},
			waited_seconds INTEGER,
			duration_seconds INTEGER,
			ivr_path TEXT NOT NULL DEFAULT '[]',
			offers_made INTEGER NOT NULL DEFAULT 0,
			deflected_at ${timestamp},
			deflected_to TEXT,
			missed_at ${timestamp},
			transcript TEXT,
			intent TEXT,
			UNIQUE (platform, account, call_id)
		)`,
		'CREATE INDEX calls_customer ON calls (customer_id, started_at)',
		`CREATE TABLE call_events (
			id ${id},
			call_row_id BIGINT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
			event_key TEXT NOT NULL UNIQUE,
			kind TEXT NOT NULL,
			created_at ${timestamp} NOT NULL
		)`,
	],
};
