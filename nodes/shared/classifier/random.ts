/** Seeded generator (mulberry32): training and splits must be reproducible run to run. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Fisher–Yates over the first `length` items, in place. */
export function shuffle<T>(items: T[] | Int32Array, random: () => number, length = items.length): void {
	for (let i = length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		const tmp = items[i];
		items[i] = items[j];
		items[j] = tmp;
	}
}
