import type { CallEvent } from './event';

/*
 * What the answer to a waiting caller needs of their call, kept in this process's memory: the
 * answer is on the caller's path, and the store serialises its statements behind whatever the
 * support pipeline is writing at that moment. The store still gets every event, after the answer.
 */

/** Calls remembered at most; the oldest go first (a call over for long needs nothing here). */
const KEPT = 20_000;

export class LiveCalls {
	private readonly offers = new Map<string, number>();

	static key(event: Pick<CallEvent, 'platform' | 'account' | 'callId'>): string {
		return `${event.platform}\u0000${event.account}\u0000${event.callId}`;
	}

	/** Offers counted for the call in this process; undefined for a call it has not seen. */
	offersMade(key: string): number | undefined {
		return this.offers.get(key);
	}

	setOffers(key: string, count: number): void {
		this.offers.delete(key);
		this.offers.set(key, count);
		if (this.offers.size > KEPT) this.offers.delete(this.offers.keys().next().value!);
	}

	forget(key: string): void {
		this.offers.delete(key);
	}
}

/** This process's calls: every trigger of the pack in it shares them, as they share the store. */
export const liveCalls = new LiveCalls();
