import type Redis from 'ioredis';

import type { InboundMessage } from '../envelope';
import { connectQueueRedis } from '../queueMode/redis';
import { deliveryKeys, executionBatches, type ExecutionBatches } from './batches';

interface Start {
	workflowId: string;
	keys: string[];
}

type Connection = { redis: Redis; channel: string } | null;

/**
 * Execution starts told to the process holding deliveries back (batches.ts). In one process the
 * trigger hears Log Conversation's report directly. In n8n's queue mode the execution runs on a
 * worker while the deliveries wait in main or a webhook processor, so every start also goes out on
 * n8n's Redis (one PUBLISH per message, never awaited), and every process taking deliveries
 * subscribes. A start that is lost only makes the waiting deliveries start when their wait ends.
 */
export class ExecutionStarts {
	private publisher: Connection | undefined;
	private subscriber: Promise<Connection> | undefined;

	constructor(
		private readonly batches: ExecutionBatches,
		private readonly env: NodeJS.ProcessEnv = process.env,
	) {}

	/** An execution of the workflow has logged these messages (Log Conversation). */
	report(workflowId: string, messages: InboundMessage[]): void {
		const keys = deliveryKeys(messages);
		this.batches.started(workflowId, keys);
		// Commands wait for the connection rather than fail: a worker's first start comes before it is up.
		this.publisher ??= this.connect({ enableOfflineQueue: true });
		this.publisher?.redis.publish(this.publisher.channel, JSON.stringify({ workflowId, keys } satisfies Start)).catch(() => undefined);
	}

	/** In queue mode, lets this process's deliveries hear the starts of executions on workers; resolves once subscribed. */
	async hear(): Promise<void> {
		this.subscriber ??= this.subscribe();
		await this.subscriber;
	}

	close(): void {
		this.publisher?.redis.disconnect();
		void this.subscriber?.then((connection) => connection?.redis.disconnect());
	}

	private async subscribe(): Promise<Connection> {
		const connection = this.connect({ enableOfflineQueue: true, maxRetriesPerRequest: null });
		if (!connection) return null;
		connection.redis.on('message', (channel: string, body: string) => {
			if (channel !== connection.channel) return;
			const start = JSON.parse(body) as Start;
			this.batches.started(start.workflowId, start.keys);
		});
		// ioredis subscribes again by itself after a reconnect.
		await connection.redis.subscribe(connection.channel).catch(() => undefined);
		return connection;
	}

	private connect(options: Parameters<typeof connectQueueRedis>[0]): Connection {
		const queue = connectQueueRedis(options, this.env);
		return queue && { redis: queue.redis, channel: `${queue.prefix}cc-execution-started` };
	}
}

/** This n8n process's starts, for its batches. */
export const executionStarts = new ExecutionStarts(executionBatches);
