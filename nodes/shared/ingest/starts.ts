import { randomUUID } from 'node:crypto';

import type Redis from 'ioredis';

import { connectQueueRedis } from '../queueMode/redis';
import { deliveryKeys, executionBatches, type Delivered, type ExecutionBatches } from './batches';

type Progress = 'started' | 'finished';

interface Report {
	workflowId: string;
	keys: string[];
	progress: Progress;
	/** The process the execution runs in. */
	by: string;
}

type Connection = { redis: Redis; channel: string } | null;

/**
 * Execution starts and message ends told to the process holding deliveries back (batches.ts). In
 * one process the trigger hears Log Conversation's and the pack's nodes' reports directly. In n8n's
 * queue mode the execution runs on a worker while the deliveries wait in main or a webhook
 * processor, so every report also goes out on n8n's Redis (one PUBLISH per report, never awaited),
 * and every process taking deliveries subscribes. A report that is lost only makes the waiting
 * deliveries start when their wait ends.
 */
export class ExecutionStarts {
	private publisher: Connection | undefined;
	private subscriber: Promise<Connection> | undefined;
	/** Names this process in its reports: the batches count the processes running executions. */
	private readonly self = randomUUID();
	/**
	 * Whether n8n's execution-end hook (node-kit/executionEndHook.ts) reports the ends in this
	 * process. The pack's nodes then leave it to the hook: their reports came only a few
	 * milliseconds earlier, one PUBLISH more per node that ended messages, and let the waiting
	 * deliveries go in smaller batches (docs/benchmarks.md). Without the hook (the pack installed
	 * from n8n's editor) they report where each message's pack work ends.
	 */
	endsReportedByHook = false;

	constructor(
		private readonly batches: ExecutionBatches,
		private readonly env: NodeJS.ProcessEnv = process.env,
	) {}

	/** An execution of the workflow has logged these messages (Log Conversation). */
	report(workflowId: string, messages: Delivered[]): void {
		this.tell({ workflowId, keys: deliveryKeys(messages), progress: 'started', by: this.self });
	}

	/** The pack's work on these messages has ended in an execution of the workflow (node-kit/runner.ts, executionEndHook.ts). */
	finished(workflowId: string, messages: Delivered[]): void {
		this.tell({ workflowId, keys: deliveryKeys(messages), progress: 'finished', by: this.self });
	}

	/** In queue mode, lets this process's deliveries hear the reports of executions on workers; resolves once subscribed. */
	async hear(): Promise<void> {
		this.subscriber ??= this.subscribe();
		await this.subscriber;
	}

	close(): void {
		this.publisher?.redis.disconnect();
		void this.subscriber?.then((connection) => connection?.redis.disconnect());
	}

	private tell(report: Report): void {
		this.heard(report);
		// Commands wait for the connection rather than fail: a worker's first report comes before it is up.
		this.publisher ??= this.connect({ enableOfflineQueue: true });
		this.publisher?.redis.publish(this.publisher.channel, JSON.stringify(report)).catch(() => undefined);
	}

	private heard({ workflowId, keys, progress, by }: Report): void {
		// This process's own reports come back through Redis too, and count as this process's.
		const reporter = by === this.self ? undefined : by;
		if (progress === 'finished') this.batches.finished(workflowId, keys, reporter);
		else this.batches.started(workflowId, keys, reporter);
	}

	private async subscribe(): Promise<Connection> {
		const connection = this.connect({ enableOfflineQueue: true, maxRetriesPerRequest: null });
		if (!connection) return null;
		connection.redis.on('message', (channel: string, body: string) => {
			if (channel === connection.channel) this.heard(JSON.parse(body) as Report);
		});
		// ioredis subscribes again by itself after a reconnect.
		await connection.redis.subscribe(connection.channel).catch(() => undefined);
		return connection;
	}

	private connect(options: Parameters<typeof connectQueueRedis>[0]): Connection {
		const queue = connectQueueRedis(options, this.env);
		return queue && { redis: queue.redis, channel: `${queue.prefix}cc-execution-progress` };
	}
}

/** This n8n process's reports, for its batches. */
export const executionStarts = new ExecutionStarts(executionBatches);
