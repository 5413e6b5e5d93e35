import { foldToLatin, tokenize } from '../classifier/normalize';

/**
 * Spotting what ops staff wrote (a menu label, "back", "меню") in what customers type, whatever
 * the script, accents, an inflection ending or a slipped key. Words go through the classifier's
 * own normalisation and Latin folding, so "оператора", "operatora" and "opérateur" meet. Words of
 * a known language (asking for a person, anger) have their own forms per language: terms.ts.
 */

/** A phrase as the folded words it must appear as, in order. */
export type Phrase = string[];

/** The folded words of a text, as phrases are matched against them. */
export const foldedWords = (text: string): string[] => tokenize(text).map(foldToLatin).filter(Boolean);

export const compilePhrases = (list: readonly string[]): Phrase[] =>
	list.map(foldedWords).filter((words) => words.length > 0);

/** Restricted Damerau–Levenshtein distance, stopping early once it exceeds `limit`. */
function distance(a: string, b: string, limit: number): number {
	if (Math.abs(a.length - b.length) > limit) return limit + 1;
	const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
	for (let i = 1; i <= a.length; i++) {
		const row = [i];
		let best = i;
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let d = Math.min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
			row.push(d);
			best = Math.min(best, d);
		}
		if (best > limit) return limit + 1;
		rows.push(row);
	}
	return rows[a.length][b.length];
}

/**
 * Whether a typed word is the listed one: the same, the same with an inflection ending
 * ("operator-a", "человек-а"), or one slip away (a missing, extra, wrong or swapped letter).
 * Short words must match exactly: one letter off a three-letter word is another word.
 */
export function sameWord(typed: string, listed: string): boolean {
	if (typed === listed) return true;
	if (listed.length < 4) return false;
	if (typed.startsWith(listed) && typed.length - listed.length <= 2) return true;
	return listed.length >= 5 && distance(typed, listed, 1) <= 1;
}

/** Whether the whole message is one of the phrases (a typed "back", "menu"), not merely contains it. */
export const isExactly = (words: readonly string[], phrases: readonly Phrase[]): boolean =>
	phrases.some((phrase) => phrase.length === words.length && phrase.every((word, k) => sameWord(words[k], word)));
