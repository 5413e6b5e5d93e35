import type { Migration } from './migration';

/**
 * Counters of rate-limiter-flexible kept in the store, so that a limit holds across every n8n
 * process (queue mode's workers and webhook processes) without a Redis. `expire` is epoch
 * milliseconds, as the limiter counts, in both dialects.
 */
export const rateLimitsMigration: Migration = {
	version: 19,
	name: 'rate limits',
	up: () => [
		`CREATE TABLE rate_limits (
			key TEXT PRIMARY KEY,
			points INTEGER NOT NULL,
			expire BIGINT
		)`,
		'CREATE INDEX rate_limits_expire ON rate_limits (expire)',
	],
};
