import type { InboundMessage } from '../envelope';

/**
 * The longest a delivery waits for the execution before it to start, and how long an execution
 * handed to n8n counts as not started when no start is reported (it failed before Log
 * Conversation, or Log Conversation runs in another process).
 */
const WAIT_LIMIT_MS = 2000;

interface Gathering {
	messages: InboundMessage[];
	limit: number;
	/** Ends the wait of the delivery that opened it (set while it waits). */
	release?: () => void;
}

interface HandedOut {
	workflowId: string;
	keys: string[];
	timer: ReturnType<typeof setTimeout>;
}

const keyOf = (message: InboundMessage) => `${message.channel}\u0000${message.account}\u0000${message.externalId}`;

/** What identifies each delivery to the batches, in this process or told from another (ingest/starts.ts). */
export const deliveryKeys = (messages: InboundMessage[]) => messages.map(keyOf);

/**
 * Gathers a workflow's deliveries into shared executions while n8n is busy.
 *
 * n8n does the same work for every execution whatever its items: it builds the workflow from its
 * stored version twice more, writes and deletes the execution's rows, and runs hooks and events
 * for every node. Under load that is most of what a message costs. So a delivery whose workflow
 * has an execution that n8n was handed but has not started yet does not start one more: it waits
 * for that start, and the deliveries arriving on the same trigger meanwhile join its execution, up
 * to a limit. A quiet workflow starts every delivery's execution at once.
 *
 * The start is what Log Conversation reports (`started`), in this process or, in n8n's queue mode,
 * from a worker through Redis (ingest/starts.ts). In a process that never hears one for a workflow
 * (a workflow without Log Conversation) nothing waits. Every delivery is in the store before the channel is answered, so a message
 * waiting here when n8n dies is recovered like any other acknowledged one.
 */
export class ExecutionBatches {
	private readonly gathering = new Map<string, Gathering>();
	private readonly notStarted = new Map<string, Set<HandedOut>>();
	private readonly byMessage = new Map<string, HandedOut>();
	private readonly waiting = new Map<string, Gathering[]>();
	/** Workflows whose executions report their start in this process. */
	private readonly reporting = new Set<string>();

	constructor(private readonly waitLimitMs = WAIT_LIMIT_MS) {}

	/**
	 * The messages the caller starts an execution with, or null when they joined the execution
	 * another delivery of the same trigger starts. `limit` is the most messages one execution takes.
	 */
	async join(workflowId: string, trigger: string, messages: InboundMessage[], limit: number): Promise<InboundMessage[] | null> {
		const key = `${workflowId}\u0000${trigger}`;
		const open = this.gathering.get(key);
		if (open && open.messages.length < open.limit) {
			open.messages.push(...messages);
			if (open.messages.length >= open.limit) open.release?.();
			return null;
		}
		const batch: Gathering = { messages: [...messages], limit };
		this.gathering.set(key, batch);
		if (batch.messages.length < limit && this.busy(workflowId)) await this.turn(workflowId, batch);
		if (this.gathering.get(key) === batch) this.gathering.delete(key);
		this.handOut(workflowId, batch.messages);
		return batch.messages;
	}

	/** An execution of the workflow has reached its first step with the messages of these keys (deliveryKeys). */
	started(workflowId: string, keys: string[]): void {
		this.reporting.add(workflowId);
		for (const key of keys) {
			const handedOut = this.byMessage.get(key);
			if (handedOut) this.forget(handedOut);
		}
	}

	private busy(workflowId: string): boolean {
		return this.reporting.has(workflowId) && (this.notStarted.get(workflowId)?.size ?? 0) > 0;
	}

	/** Waits until the workflow's earlier execution starts (deliveries queue in turn), the batch is full, or the wait limit. */
	private turn(workflowId: string, batch: Gathering): Promise<void> {
		const queue = this.waiting.get(workflowId) ?? [];
		this.waiting.set(workflowId, queue);
		queue.push(batch);
		return new Promise((resume) => {
			const timer = setTimeout(() => batch.release?.(), this.waitLimitMs);
			batch.release = () => {
				clearTimeout(timer);
				batch.release = undefined;
				queue.splice(queue.indexOf(batch), 1);
				if (queue.length === 0) this.waiting.delete(workflowId);
				resume();
			};
		});
	}

	private handOut(workflowId: string, messages: InboundMessage[]): void {
		const handedOut: HandedOut = {
			workflowId,
			keys: messages.map(keyOf),
			timer: setTimeout(() => this.forget(handedOut), this.waitLimitMs),
		};
		handedOut.timer.unref?.();
		const set = this.notStarted.get(workflowId) ?? new Set();
		this.notStarted.set(workflowId, set.add(handedOut));
		for (const key of handedOut.keys) this.byMessage.set(key, handedOut);
	}

	private forget(handedOut: HandedOut): void {
		clearTimeout(handedOut.timer);
		for (const key of handedOut.keys) if (this.byMessage.get(key) === handedOut) this.byMessage.delete(key);
		const set = this.notStarted.get(handedOut.workflowId);
		set?.delete(handedOut);
		if (set?.size === 0) {
			this.notStarted.delete(handedOut.workflowId);
			this.waiting.get(handedOut.workflowId)?.[0]?.release?.();
		}
	}
}

/** The batches of this n8n process, shared by its channel triggers and Log Conversation. */
export const executionBatches = new ExecutionBatches();
