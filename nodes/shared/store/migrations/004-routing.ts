import type { Migration } from './migration';

/**
 * Skill routing: skill groups, operators and their skills, and one routing entry per routed
 * conversation (queued → assigned → closed). Queue times are epoch milliseconds in BIGINT
 * columns, so that aging, deadlines and handling times are the same integer arithmetic in both
 * dialects; JSON lists are text, as elsewhere in the store.
 */
export const routingMigration: Migration = {
	version: 4,
	name: 'skill groups, operators, routing queue',
	up: ({ id, timestamp, now }) => [
		`CREATE TABLE skill_groups (
			id ${id},
			name TEXT NOT NULL UNIQUE,
			topics TEXT NOT NULL DEFAULT '[]',
			languages TEXT NOT NULL DEFAULT '[]',
			channels TEXT NOT NULL DEFAULT '[]',
			line INTEGER NOT NULL DEFAULT 1,
			escalation_group_id BIGINT REFERENCES skill_groups (id) ON DELETE SET NULL,
			strategy TEXT NOT NULL DEFAULT 'leastLoaded',
			sla_minutes INTEGER,
			created_at ${timestamp} NOT NULL DEFAULT ${now},
			updated_at ${timestamp} NOT NULL DEFAULT ${now}
		)`,

		`CREATE TABLE operators (
			id ${id},
			name TEXT NOT NULL,
			login TEXT NOT NULL UNIQUE,
			role TEXT NOT NULL DEFAULT 'operator',
			languages TEXT NOT NULL DEFAULT '[]',
			capacity INTEGER NOT NULL DEFAULT 3,
			status TEXT NOT NULL DEFAULT 'offline',
			last_assigned_ms BIGINT,
			created_at ${timestamp} NOT NULL DEFAULT ${now},
			updated_at ${timestamp} NOT NULL DEFAULT ${now}
		)`,

		// The per-group last assignment is the round-robin turn; it sits on a row the assigning
		// transaction has already locked through its operator, so turns add no lock of their own.
		`CREATE TABLE operator_skills (
			operator_id BIGINT NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
			group_id BIGINT NOT NULL REFERENCES skill_groups (id) ON DELETE CASCADE,
			last_assigned_ms BIGINT,
			PRIMARY KEY (operator_id, group_id)
		)`,
		'CREATE INDEX operator_skills_group ON operator_skills (group_id)',

		`CREATE TABLE routing_entries (
			id ${id},
			conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
			customer_id BIGINT,
			group_id BIGINT NOT NULL REFERENCES skill_groups (id),
			line INTEGER NOT NULL,
			priority INTEGER NOT NULL DEFAULT 0,
			topic TEXT,
			language TEXT,
			channel TEXT,
			state TEXT NOT NULL,
			operator_id BIGINT REFERENCES operators (id) ON DELETE SET NULL,
			previous_operator_id BIGINT REFERENCES operators (id) ON DELETE SET NULL,
			enqueued_ms BIGINT NOT NULL,
			deadline_ms BIGINT,
			assigned_ms BIGINT,
			closed_ms BIGINT,
			flagged_ms BIGINT,
			escalations INTEGER NOT NULL DEFAULT 0,
			note TEXT,
			told_position INTEGER,
			told_wait_seconds INTEGER,
			created_at ${timestamp} NOT NULL DEFAULT ${now}
		)`,
		// One live entry per conversation: concurrent routes of one conversation meet here.
		"CREATE UNIQUE INDEX routing_entries_live ON routing_entries (conversation_id) WHERE state <> 'closed'",
		'CREATE INDEX routing_entries_queue ON routing_entries (group_id, state, enqueued_ms)',
		'CREATE INDEX routing_entries_operator ON routing_entries (operator_id, state)',
		'CREATE INDEX routing_entries_customer ON routing_entries (customer_id, id)',
		'CREATE INDEX routing_entries_deadline ON routing_entries (state, deadline_ms)',
	],
};
