import { WORD_FAMILY } from './features';

/** A sparse row: feature indices with their weights. */
export interface SparseVector {
	indices: Int32Array;
	values: Float32Array;
}

/**
 * The features a model keeps and their inverse document frequencies. Terms seen in fewer than
 * `minDf` training texts are dropped: they mostly memorise single examples and bloat the model.
 */
export function buildVocabulary(docs: Map<number, number>[], minDf: number): { hashes: Uint32Array; idf: Float32Array } {
	const df = new Map<number, number>();
	for (const doc of docs) for (const hash of doc.keys()) df.set(hash, (df.get(hash) ?? 0) + 1);
	const hashes = Uint32Array.from([...df].filter(([, n]) => n >= minDf).map(([hash]) => hash)).sort();
	const idf = new Float32Array(hashes.length);
	hashes.forEach((hash, i) => {
		idf[i] = Math.log((1 + docs.length) / (1 + df.get(hash)!)) + 1;
	});
	return { hashes, idf };
}

/**
 * Sublinear TF × IDF over the known features. Words and character n-grams are L2-normalised
 * each on its own, then together, so both families weigh the same in every text
 * (about half a point of accuracy on Banking77 over one joint normalisation).
 * Unknown terms get no feature but still count in the norms, weighted as the rarest known term:
 * a text made mostly of words the model never saw keeps small values and so a low confidence,
 * instead of its one familiar n-gram being blown up to full length.
 */
export function weigh(counts: Map<number, number>, index: Map<number, number>, idf: Float32Array, unknownIdf: number): SparseVector {
	const indices = new Int32Array(counts.size);
	const values = new Float64Array(counts.size);
	const words = new Uint8Array(counts.size);
	let known = 0;
	let charNorm = 0;
	let wordNorm = 0;
	for (const [hash, count] of counts) {
		const feature = index.get(hash);
		const value = (1 + Math.log(count)) * (feature === undefined ? unknownIdf : idf[feature]);
		const word = (hash & WORD_FAMILY) !== 0;
		if (word) wordNorm += value * value;
		else charNorm += value * value;
		if (feature === undefined) continue;
		indices[known] = feature;
		values[known] = value;
		words[known++] = word ? 1 : 0;
	}
	const present = (charNorm > 0 ? 1 : 0) + (wordNorm > 0 ? 1 : 0);
	const charScale = charNorm > 0 ? 1 / Math.sqrt(charNorm * present) : 0;
	const wordScale = wordNorm > 0 ? 1 / Math.sqrt(wordNorm * present) : 0;
	const scaled = new Float32Array(known);
	for (let j = 0; j < known; j++) scaled[j] = values[j] * (words[j] ? wordScale : charScale);
	return { indices: indices.slice(0, known), values: scaled };
}

/** The weight `weigh` gives terms the model does not know: that of its rarest known term. */
export function rarestIdf(idf: Float32Array): number {
	return idf.reduce((max, value) => Math.max(max, value), 1);
}

/**
 * Hashes sort ascending and word-family hashes have the top bit set, so a vocabulary's words and
 * word pairs are its last features, from this index on.
 */
export function firstWordFeature(hashes: Uint32Array): number {
	const at = hashes.findIndex((hash) => (hash & WORD_FAMILY) !== 0);
	return at < 0 ? hashes.length : at;
}

/**
 * The words and word pairs of a weighed row, renumbered from `firstWord`: a view of the text
 * that ignores spelling, for a model that must disagree with the n-gram ones to be worth adding.
 * Scaled by √2, the inverse of `weigh`'s two-family split, so a text of known words has unit length.
 */
export function wordsOf(row: SparseVector, firstWord: number): SparseVector {
	const indices: number[] = [];
	const values: number[] = [];
	row.indices.forEach((feature, j) => {
		if (feature < firstWord) return;
		indices.push(feature - firstWord);
		values.push(row.values[j] * Math.SQRT2);
	});
	return { indices: Int32Array.from(indices), values: Float32Array.from(values) };
}
