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
	const byLabel = new Map<string, T[]>();
	for (const item of items) {
		const label = labelOf(item);
		const group = byLabel.get(label);
		if (group) group.push(item);
		else byLabel.set(label, [item]);
	}
	const random = seededRandom(seed);
	const kept: T[] = [];
	const held: T[] = [];
	for (const label of [...byLabel.keys()].sort()) {
		const group = byLabel.get(label)!;
		shuffle(group, random);
		const heldCount = Math.min(Math.round(group.length * fraction), group.length - 1);
		held.push(...group.slice(0, heldCount));
		kept.push(...group.slice(heldCount));
	}
	return { kept, held };
}
