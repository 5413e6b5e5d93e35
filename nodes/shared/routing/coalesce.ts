/**
 * A call that coalesces: calls made while a batch is in flight wait for it and then go together as
 * the next batch, one round trip and one commit for all of them. Under load a batch holds what
 * arrived during the previous one; a call alone goes on the next turn of the event loop. `many`
 * answers every item, in order (matching rows to items by what names them, never by the order
 * the database returned them in); when it fails, each item is tried alone, in turn, so one bad item
 * fails only its own call.
 */
export function coalescing<I, O>(many: (items: I[]) => Promise<O[]>, limit = 64): (item: I) => Promise<O> {
	const one = async (item: I) => (await many([item]))[0];
	type Waiting = { item: I; resolve: (o: O) => void; reject: (e: unknown) => void };
	let waiting: Waiting[] = [];
	let busy = false;

	async function flush(): Promise<void> {
		while (waiting.length) {
			const batch = waiting.slice(0, limit);
			waiting = waiting.slice(limit);
			if (batch.length > 1) {
				const answers = await many(batch.map((w) => w.item)).catch(() => null);
				if (answers) {
					batch.forEach((w, i) => w.resolve(answers[i]));
					continue;
				}
			}
			// One after the other, in the order called: arrivals keep their order in the queue.
			for (const w of batch) await one(w.item).then(w.resolve, w.reject);
		}
		busy = false;
	}

	return (item) =>
		new Promise<O>((resolve, reject) => {
			waiting.push({ item, resolve, reject });
			if (busy) return;
			busy = true;
			// Calls resumed by the same answer (say, the routes of one batch going on to drain) go together.
			setImmediate(() => void flush());
		});
}
