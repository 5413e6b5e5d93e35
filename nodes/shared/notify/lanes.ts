import type { Channel } from '../envelope';

type Job = () => Promise<void>;

/**
 * One queue per channel, each running up to its own number of jobs at once, so that a slow
 * channel (VK at 20/s) never holds back a fast one (WhatsApp at 80/s): the campaign runs at every
 * channel's own rate at the same time. The first failing job's error is kept for the caller.
 */
export class Lanes {
	private readonly lanes = new Map<Channel, { queue: Job[]; active: number }>();
	private pending = 0;
	private waiters: Array<() => void> = [];
	error: unknown;

	constructor(private readonly concurrencyOf: (channel: Channel) => number) {}

	/** Queues a job, after `delayMs` if given; a delayed job counts as pending from now, so draining waits for it. */
	push(channel: Channel, job: Job, delayMs = 0): void {
		this.pending++;
		const enqueue = () => {
			let lane = this.lanes.get(channel);
			if (!lane) this.lanes.set(channel, (lane = { queue: [], active: 0 }));
			lane.queue.push(job);
			this.pump(channel);
		};
		if (delayMs > 0) setTimeout(enqueue, delayMs);
		else enqueue();
	}

	/** Resolves once at most `count` jobs are queued or running (0: all done). */
	async drainTo(count: number): Promise<void> {
		while (this.pending > count) await new Promise<void>((resolve) => this.waiters.push(resolve));
	}

	private pump(channel: Channel): void {
		const lane = this.lanes.get(channel)!;
		while (lane.active < this.concurrencyOf(channel) && lane.queue.length) {
			const job = lane.queue.shift()!;
			lane.active++;
			void job()
				.catch((error) => {
					this.error ??= error;
				})
				.finally(() => {
					lane.active--;
					this.pending--;
					const waiting = this.waiters;
					this.waiters = [];
					waiting.forEach((wake) => wake());
					this.pump(channel);
				});
		}
	}
}
