import type { Migration } from './migration';

/**
 * Security alerts for supervisors (a spike of link-code guesses, password spraying), and counters
 * of rate-limiter-flexible kept in the store, so that a limit holds across every n8n
 * process (queue mode's workers and webhook processes) without a Redis. `expire` is epoch
 * milliseconds, as the limiter counts, in both dialects.
 */
export const rateLimitsMigration: Migration = {
	version: 19,
	name: 'rate limits and security alerts',
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
	],
};
