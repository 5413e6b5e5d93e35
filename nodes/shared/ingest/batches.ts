import type { InboundMessage } from '../envelope';

/**
 * The longest a delivery waits for the executions before it, and how long an execution handed to
 * n8n counts as not started, or as not finished, when no report says otherwise (n8n runs without
 * the pack's execution-end hook, a process died mid-execution, a report was lost).
 */
const WAIT_LIMIT_MS = 2000;

/**
 * How many executions of a workflow may be under way (handed to n8n, their messages' pack work not
 * finished) for each n8n process that runs them before deliveries wait: the one it runs and the
 * next, on its way meanwhile (in queue mode main writes it, Redis carries it, the worker reads it
 * back), so that the process does not sit idle between the two. An execution already works on its
 * customers' messages side by side; more at once would only split the batches. Measured against
 * one (docs/benchmarks.md): as fast in one process, faster in queue mode.
 */
const UNDER_WAY_PER_PROCESS = 2;

/** How long a process that reported counts as one running the workflows' executions. */
const REPORTER_TTL_MS = 60_000;

/** The reports this process makes about its own executions. */
export const THIS_PROCESS = 'this process';

interface Gathering {
	messages: InboundMessage[];
	limit: number;
	/** Ends the wait of the delivery that opened it (set while it waits). */
	release?: () => void;
}

interface HandedOut {
	workflowId: string;
	started: boolean;
	/** Its messages whose pack work has not been reported finished. */
	unfinished: Set<string>;
	timer: ReturnType<typeof setTimeout>;
}

/** What names a delivery: its message's channel, account and the channel's id of it. */
export interface Delivered {
	channel: string;
	account: string;
	externalId: string;
}

const keyOf = (message: Delivered) => `${message.channel}\u0000${message.account}\u0000${message.externalId}`;

/** What identifies each delivery to the batches, in this process or told from another (ingest/starts.ts). */
export const deliveryKeys = (messages: Delivered[]) => messages.map(keyOf);

/**
 * Gathers a workflow's deliveries into shared executions while n8n is busy.
 *
 * n8n does the same work for every execution whatever its items: it builds the workflow from its
 * stored version twice more, writes and deletes the execution's rows, and runs hooks and events
 * for every node; in queue mode it also hands the execution to a worker through Redis and the
 * worker reads it back. Under load that is most of what a message costs. So a delivery whose
 * workflow is busy does not start one more execution: it waits, and the deliveries arriving
 * meanwhile on triggers whose messages go the same way (`route`) join it, up to a limit. A
 * workflow is busy while it has an execution n8n was handed but has not started yet, or as many
 * executions under way as the processes running them may take (UNDER_WAY_PER_PROCESS). A quiet
 * workflow starts every delivery's execution at once.
 *
 * Log Conversation reports the start (`started`); the pack's nodes each message's end where no
 * pack node is ahead of it (`finished`, node-kit/runner.ts, ends.ts), and n8n's execution-end hook
 * every message of an execution once it has ended, however (node-kit/executionEndHook.ts); in this
 * process or, in n8n's queue mode, from a worker through Redis (ingest/starts.ts); each report names the process it comes from, which is how many
 * processes run the executions is known. In a process that never hears a report for a workflow (a
 * workflow without Log Conversation) nothing waits, and a lost report only makes deliveries start
 * when their wait ends. Every delivery is in the store before the channel is answered, so a
 * message waiting here when n8n dies is recovered like any other acknowledged one.
 */
export class ExecutionBatches {
	private readonly gathering = new Map<string, Gathering>();
	private readonly handedOut = new Map<string, Set<HandedOut>>();
	private readonly byMessage = new Map<string, HandedOut>();
	private readonly waiting = new Map<string, Gathering[]>();
	/** Workflows whose executions report their start, and those that report their messages' end, to this process. */
	private readonly reportingStarts = new Set<string>();
	private readonly reportingEnds = new Set<string>();
	/** When each process running executions last reported. */
	private readonly reporters = new Map<string, number>();

	constructor(private readonly waitLimitMs = WAIT_LIMIT_MS) {}

	/**
	 * The messages the caller starts an execution with, or null when they joined the execution
	 * another delivery starts. Deliveries share executions only with the same `route`: triggers
	 * whose messages go on to the same nodes. `limit` is the most messages one execution takes.
	 */
	async join(workflowId: string, route: string, messages: InboundMessage[], limit: number): Promise<InboundMessage[] | null> {
		const key = `${workflowId}\u0000${route}`;
		const open = this.gathering.get(key);
		if (open && open.messages.length < open.limit) {
			open.messages.push(...messages);
			if (open.messages.length >= open.limit) open.release?.();
			return null;
		}
		const batch: Gathering = { messages: [...messages], limit };
		this.gathering.set(key, batch);
		const close = () => {
			if (this.gathering.get(key) === batch) this.gathering.delete(key);
			this.handOut(workflowId, batch.messages);
		};
		if (batch.messages.length < limit && this.busy(workflowId)) await this.turn(workflowId, batch, close);
		else close();
		return batch.messages;
	}

	/** An execution of the workflow has reached its first step with the messages of these keys (deliveryKeys). */
	started(workflowId: string, keys: string[], reporter = THIS_PROCESS): void {
		this.reportingStarts.add(workflowId);
		this.reporters.set(reporter, Date.now());
		for (const key of keys) {
			const handedOut = this.byMessage.get(key);
			if (handedOut) handedOut.started = true;
		}
		this.wake(workflowId);
	}

	/** The pack's work on the messages of these keys has ended (each got its replies, or went no further). */
	finished(workflowId: string, keys: string[], reporter = THIS_PROCESS): void {
		this.reportingEnds.add(workflowId);
		this.reporters.set(reporter, Date.now());
		for (const key of keys) {
			const handedOut = this.byMessage.get(key);
			if (!handedOut) continue;
			this.byMessage.delete(key);
			handedOut.unfinished.delete(key);
			if (handedOut.unfinished.size === 0) this.forget(handedOut);
		}
		this.wake(workflowId);
	}

	private busy(workflowId: string): boolean {
		if (!this.reportingStarts.has(workflowId)) return false;
		const handedOut = [...(this.handedOut.get(workflowId) ?? [])];
		if (handedOut.some((execution) => !execution.started)) return true;
		return this.reportingEnds.has(workflowId) && handedOut.length >= this.processesRunning() * UNDER_WAY_PER_PROCESS;
	}

	private processesRunning(): number {
		const since = Date.now() - REPORTER_TTL_MS;
		for (const [reporter, at] of this.reporters) if (at < since) this.reporters.delete(reporter);
		return Math.max(1, this.reporters.size);
	}

	/** Waits until the workflow is no longer busy (deliveries queue in turn), the batch is full, or the wait limit; then `close`s the batch. */
	private turn(workflowId: string, batch: Gathering, close: () => void): Promise<void> {
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
				// Handed out at once, so that the next report finds this execution counted.
				close();
				resume();
			};
		});
	}

	/** Lets the first waiting batch go when the workflow is no longer busy. */
	private wake(workflowId: string): void {
		if (!this.busy(workflowId)) this.waiting.get(workflowId)?.[0]?.release?.();
	}

	private handOut(workflowId: string, messages: InboundMessage[]): void {
		const handedOut: HandedOut = {
			workflowId,
			started: false,
			unfinished: new Set(messages.map(keyOf)),
			timer: setTimeout(() => {
				this.forget(handedOut);
				this.wake(workflowId);
			}, this.waitLimitMs),
		};
		handedOut.timer.unref?.();
		const set = this.handedOut.get(workflowId) ?? new Set();
		this.handedOut.set(workflowId, set.add(handedOut));
		for (const key of handedOut.unfinished) this.byMessage.set(key, handedOut);
	}

	private forget(handedOut: HandedOut): void {
		clearTimeout(handedOut.timer);
		for (const key of handedOut.unfinished) if (this.byMessage.get(key) === handedOut) this.byMessage.delete(key);
		const set = this.handedOut.get(handedOut.workflowId);
		set?.delete(handedOut);
		if (set?.size === 0) this.handedOut.delete(handedOut.workflowId);
	}
}

/** The batches of this n8n process, shared by its channel triggers and the pack's nodes. */
export const executionBatches = new ExecutionBatches();
