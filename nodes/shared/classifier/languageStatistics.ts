/**
 * Character-bigram and word statistics per language, learnt from labelled messages: the part of
 * language detection that tells apart languages sharing a script when no letter of their own
 * shows up (Ukrainian typed on a Russian keyboard, French without accents).
 */

/** Log-probabilities of each feature, one per language in `languages` order. */
export interface ScriptStatistics {
	languages: string[];
	features: Record<string, number[]>;
}

/** One set of statistics per script: Cyrillic tells ru from uk, Latin en from fr and Russian in Latin letters. */
export interface LanguageStatistics {
	cyrillic: ScriptStatistics;
	latin: ScriptStatistics;
}

export interface LabelledText {
	text: string;
	language: string;
}

const WORD_PREFIX = 'w:';
const isWord = (feature: string) => feature.startsWith(WORD_PREFIX);

/**
 * The words of an already lower-cased text, letters only. An apostrophe inside a Cyrillic word is
 * spelling (Ukrainian "п'ять") and goes; elsewhere it separates ("l'adresse").
 */
export const lettersOnly = (text: string): string[] =>
	text.replace(/(\p{Script=Cyrillic})'(?=\p{Script=Cyrillic})/gu, '$1').match(/[\p{L}\p{M}]+/gu) ?? [];

/** Bigrams of each word with its edges marked ("_де", "де", "е_"), its ending's trigram, and the whole word. */
export function languageFeatures(words: readonly string[]): string[] {
	const features: string[] = [];
	for (const word of words) {
		const padded = `_${word}_`;
		for (let i = 0; i + 1 < padded.length; i++) features.push(padded.slice(i, i + 2));
		features.push(WORD_PREFIX + word);
		// The ending's last three letters carry the inflection two related languages differ by
		// ("-ння" against "-ние", "-ють" against "-ют") where their bigrams agree.
		if (word.length >= 4) features.push(`${word.slice(-3)}_`);
	}
	return features;
}

/** Words seen fewer times than this stay out of the word statistics: one sighting is mostly a name or a typo. */
const MIN_WORD_COUNT = 2;
/** Additive smoothing, so that a bigram one language happened not to show in training does not veto it. */
const SMOOTHING = 0.5;

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Statistics of the given languages from their labelled texts (already lower-cased, as detection sees them). */
export function trainScriptStatistics(examples: readonly LabelledText[], languages: readonly string[]): ScriptStatistics {
	const counts = new Map<string, number[]>();
	for (const { text, language } of examples) {
		const at = languages.indexOf(language);
		if (at < 0) continue;
		for (const feature of languageFeatures(lettersOnly(text))) {
			const row = counts.get(feature) ?? languages.map(() => 0);
			row[at]++;
			counts.set(feature, row);
		}
	}
	for (const [feature, row] of counts) {
		if (isWord(feature) && Math.max(...row) < MIN_WORD_COUNT) counts.delete(feature);
	}
	const kinds = { bigram: [...counts].filter(([f]) => !isWord(f)), word: [...counts].filter(([f]) => isWord(f)) };
	const denominators = {
		bigram: languages.map((_, l) => kinds.bigram.reduce((sum, [, row]) => sum + row[l], 0) + SMOOTHING * kinds.bigram.length),
		word: languages.map((_, l) => kinds.word.reduce((sum, [, row]) => sum + row[l], 0) + SMOOTHING * kinds.word.length),
	};
	const features: Record<string, number[]> = {};
	for (const [feature, row] of counts) {
		const denominator = denominators[isWord(feature) ? 'word' : 'bigram'];
		features[feature] = row.map((n, l) => round(Math.log((n + SMOOTHING) / denominator[l])));
	}
	return { languages: [...languages], features };
}

/**
 * Log-likelihood of the words under each language. Features no language saw in training carry
 * nothing; `known` counts the words the statistics had seen, as evidence that the text is in
 * one of these languages at all.
 */
export function scriptLikelihoods(statistics: ScriptStatistics, words: readonly string[]): { scores: number[]; known: number } {
	const scores = statistics.languages.map(() => 0);
	let known = 0;
	for (const feature of languageFeatures(words)) {
		const row = statistics.features[feature];
		if (!row) continue;
		if (isWord(feature)) known++;
		for (let l = 0; l < scores.length; l++) scores[l] += row[l];
	}
	return { scores, known };
}
