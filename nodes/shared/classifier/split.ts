import { seededRandom, shuffle } from './random';

/**
 * Splits items so every label keeps its share on both sides: `fraction` of each label goes to
 * `held`, but never a label's only example, which the model needs to learn the label at all.
 */
export function stratifiedSplit<T>(
	items: T[],
	labelOf: (item: T) => string,
	fraction: number,
	seed: number,
): { kept: T[]; held: T[] } {
	const kept: T[] = [];
	const held: T[] = [];
	for (const group of shuffledGroups(items, labelOf, seed)) {
		const heldCount = Math.min(Math.round(group.length * fraction), group.length - 1);
		held.push(...group.slice(0, heldCount));
		kept.push(...group.slice(heldCount));
	}
	return { kept, held };
}

/**
 * `count` splits in which every item of a label with two or more is held out exactly once, in
 * turn, each label spread evenly over them; a label's only example is always kept.
 */
export function stratifiedFolds<T>(items: T[], labelOf: (item: T) => string, count: number, seed: number): Array<{ kept: T[]; held: T[] }> {
	const foldOf = new Map<T, number>();
	let next = 0;
	for (const group of shuffledGroups(items, labelOf, seed)) {
		if (group.length < 2) continue;
		// Labels start where the last one ended, so that small ones do not all fill the first folds.
		for (const item of group) foldOf.set(item, next++ % count);
	}
	return Array.from({ length: count }, (_, fold) => ({
		kept: items.filter((item) => foldOf.get(item) !== fold),
		held: items.filter((item) => foldOf.get(item) === fold),
	}));
}

/** Each label's items in a seeded random order, labels in sorted order. */
function shuffledGroups<T>(items: T[], labelOf: (item: T) => string, seed: number): T[][] {
	const byLabel = new Map<string, T[]>();
	for (const item of items) {
		const label = labelOf(item);
		const group = byLabel.get(label);
		if (group) group.push(item);
		else byLabel.set(label, [item]);
	}
	const random = seededRandom(seed);
	return [...byLabel.keys()].sort().map((label) => {
		const group = byLabel.get(label)!;
		shuffle(group, random);
		return group;
	});
}
