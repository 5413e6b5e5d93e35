import type { Migration } from './migration';

/**
 * Failed desk sign-ins per login and address, security alerts for supervisors (a spike of link-code guesses, password spraying), and counters
 * of rate-limiter-flexible kept in the store, so that a limit holds across every n8n
 * process (queue mode's workers and webhook processes) without a Redis. `expire` is epoch
 * milliseconds, as the limiter counts, in both dialects.
 */
export const rateLimitsMigration: Migration = {
	version: 19,
	name: 'rate limits, security alerts, desk sign-in failures, web chat sessions',
	up: ({ id, timestamp }) => [
		`CREATE TABLE rate_limits (
			key TEXT PRIMARY KEY,
			points INTEGER NOT NULL,
			expire BIGINT
		)`,
		'CREATE INDEX rate_limits_expire ON rate_limits (expire)',
		`CREATE TABLE security_alerts (
			id ${id},
			kind TEXT NOT NULL,
			detail TEXT NOT NULL,
			raised_at ${timestamp} NOT NULL,
			seen_at ${timestamp}
		)`,
		'CREATE INDEX security_alerts_kind ON security_alerts (kind, raised_at)',
		// Failed desk sign-ins by login and by the address they came from: slowing an address that
		// keeps failing, instead of locking a login anyone can name.
		`CREATE TABLE desk_sign_in_failures (
			id ${id},
			login TEXT NOT NULL,
			address TEXT NOT NULL,
			failed_ms BIGINT NOT NULL,
			refused_early INTEGER NOT NULL DEFAULT 0
		)`,
		'CREATE INDEX desk_sign_in_failures_login ON desk_sign_in_failures (login, failed_ms)',
		'CREATE INDEX desk_sign_in_failures_address ON desk_sign_in_failures (address, failed_ms)',
		// Which address opened a web chat session, so that chats waiting for a person can be capped per address.
		`CREATE TABLE webchat_sessions (
			site TEXT NOT NULL,
			session_id TEXT NOT NULL,
			address TEXT NOT NULL,
			created_ms BIGINT NOT NULL,
			PRIMARY KEY (site, session_id)
		)`,
		'CREATE INDEX webchat_sessions_address ON webchat_sessions (site, address)',
	],
};
