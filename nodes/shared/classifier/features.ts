import { foldToLatin, tokenize } from './normalize';

/** Which n-grams a model is built on; persisted with the model so loading reproduces them. */
export interface FeatureConfig {
	/** Character n-gram lengths, taken inside each word padded with boundary marks. */
	charMin: number;
	charMax: number;
	/** Adjacent word pairs as well as single words. */
	wordBigrams: boolean;
}

export const DEFAULT_FEATURES: FeatureConfig = { charMin: 2, charMax: 5, wordBigrams: true };

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over s[start, end), seeded per feature kind so a word and a same-looking n-gram differ. */
function hashSlice(s: string, start: number, end: number, seed: number): number {
	let h = (FNV_OFFSET ^ seed) >>> 0;
	for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
	return h >>> 0;
}

const WORD = 1;
const BIGRAM = 2;
const CHARS = 3;

/**
 * The top bit of a term hash tells its family: set for words and word pairs, clear for character
 * n-grams. `weigh` normalises the two families separately so a dozen words are not drowned by
 * the hundreds of n-grams they produce.
 */
export const WORD_FAMILY = 0x80000000;
const asWord = (hash: number) => (hash | WORD_FAMILY) >>> 0;
const asChars = (hash: number) => (hash & ~WORD_FAMILY) >>> 0;

/** The term hash of one folded word, as `termCounts` counts it. */
export const wordHash = (folded: string): number => asWord(hashSlice(folded, 0, folded.length, WORD));

/**
 * Hashed term counts of a text: folded words, word pairs and character n-grams within word
 * boundaries (robust to typos and to a word being split or glued). Hashes are 32-bit values
 * and the model keeps only those seen in training, so collisions are negligible.
 */
export function termCounts(text: string, config: FeatureConfig): Map<number, number> {
	const counts = new Map<number, number>();
	const add = (h: number) => counts.set(h, (counts.get(h) ?? 0) + 1);
	const words = tokenize(text).map(foldToLatin).filter((w) => w.length > 0);
	for (let i = 0; i < words.length; i++) {
		const word = words[i];
		add(wordHash(word));
		if (config.wordBigrams && i + 1 < words.length) {
			const pair = `${word} ${words[i + 1]}`;
			add(asWord(hashSlice(pair, 0, pair.length, BIGRAM)));
		}
		const padded = `<${word}>`;
		for (let n = config.charMin; n <= config.charMax; n++) {
			for (let start = 0; start + n <= padded.length; start++) add(asChars(hashSlice(padded, start, start + n, CHARS)));
		}
	}
	return counts;
}
