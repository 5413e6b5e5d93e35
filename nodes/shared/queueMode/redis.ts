import Redis, { type RedisOptions } from 'ioredis';

/** n8n's queue-mode Redis as the pack reaches it, and the prefix its keys and channels go under. */
export interface QueueRedisConfig {
	options: RedisOptions;
	/** n8n's own prefix (QUEUE_BULL_PREFIX) and `:`, so that centers sharing a Redis stay apart. */
	prefix: string;
}

/**
 * n8n's queue mode and its Redis, from the variables n8n itself reads; null in one process.
 * Commands fail fast while Redis is away: whoever uses the connection decides how long to wait.
 */
export function queueRedisFromEnv(env: NodeJS.ProcessEnv = process.env): QueueRedisConfig | null {
	const configured = env.EXECUTIONS_MODE === 'queue' || Object.keys(env).some((name) => name.startsWith('QUEUE_BULL_REDIS_'));
	if (!configured) return null;
	const tls = env.QUEUE_BULL_REDIS_TLS === 'true';
	return {
		options: {
			host: env.QUEUE_BULL_REDIS_HOST || 'localhost',
			port: Number(env.QUEUE_BULL_REDIS_PORT || 6379),
			db: Number(env.QUEUE_BULL_REDIS_DB || 0),
			username: env.QUEUE_BULL_REDIS_USERNAME || undefined,
			password: env.QUEUE_BULL_REDIS_PASSWORD || undefined,
			...(tls ? { tls: {} } : {}),
			maxRetriesPerRequest: 1,
			enableOfflineQueue: false,
			lazyConnect: false,
		},
		prefix: `${env.QUEUE_BULL_PREFIX || 'bull'}:`,
	};
}

/** A connection to n8n's queue-mode Redis, or null in one process. Errors surface on the commands; the event must not crash n8n. */
export function connectQueueRedis(extra: RedisOptions = {}, env: NodeJS.ProcessEnv = process.env): { redis: Redis; prefix: string } | null {
	const config = queueRedisFromEnv(env);
	if (!config) return null;
	const redis = new Redis({ ...config.options, ...extra });
	redis.on('error', () => undefined);
	return { redis, prefix: config.prefix };
}
