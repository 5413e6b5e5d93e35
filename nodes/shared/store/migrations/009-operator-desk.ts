import type { Migration } from './migration';

/**
 * The operator desk: operators' password hashes, failed-login counters per login (also for
 * logins that do not exist, so a lock-out does not tell who is real), sessions kept only as
 * hashes of their tokens, canned replies, internal notes (a table of their own, so that no
 * path that shows messages to a customer can ever show a note) and customer ratings.
 * Times the desk compares are epoch milliseconds, as in routing.
 */
export const operatorDeskMigration: Migration = {
	version: 9,
	name: 'operator desk: passwords, sessions, canned replies, notes, ratings',
	up: ({ id, timestamp, now }) => [
		`CREATE TABLE operator_passwords (
			operator_id BIGINT PRIMARY KEY REFERENCES operators (id) ON DELETE CASCADE,
			hash TEXT NOT NULL,
			must_change INTEGER NOT NULL DEFAULT 0,
			updated_at ${timestamp} NOT NULL DEFAULT ${now}
		)`,
		`CREATE TABLE desk_login_failures (
			login TEXT PRIMARY KEY,
			failures INTEGER NOT NULL DEFAULT 0,
			locked_until_ms BIGINT
		)`,
		`CREATE TABLE desk_sessions (
			token_hash TEXT PRIMARY KEY,
			operator_id BIGINT NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
			created_ms BIGINT NOT NULL,
			last_seen_ms BIGINT NOT NULL
		)`,
		'CREATE INDEX desk_sessions_operator ON desk_sessions (operator_id)',
		`CREATE TABLE canned_replies (
			id ${id},
			name TEXT NOT NULL,
			topic TEXT NOT NULL DEFAULT '',
			language TEXT NOT NULL DEFAULT '',
			body TEXT NOT NULL,
			created_at ${timestamp} NOT NULL DEFAULT ${now},
			updated_at ${timestamp} NOT NULL DEFAULT ${now},
			UNIQUE (name, language)
		)`,
		`CREATE TABLE conversation_notes (
			id ${id},
			conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
			operator_id BIGINT REFERENCES operators (id) ON DELETE SET NULL,
			kind TEXT NOT NULL,
			text TEXT NOT NULL,
			created_at ${timestamp} NOT NULL DEFAULT ${now}
		)`,
		'CREATE INDEX conversation_notes_conversation ON conversation_notes (conversation_id, id)',
		`CREATE TABLE ratings (
			conversation_id BIGINT PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
			customer_id BIGINT NOT NULL,
			operator_id BIGINT REFERENCES operators (id) ON DELETE SET NULL,
			requested_ms BIGINT NOT NULL,
			score INTEGER,
			comment TEXT,
			rated_ms BIGINT
		)`,
		'CREATE INDEX ratings_customer ON ratings (customer_id, requested_ms)',
	],
};
