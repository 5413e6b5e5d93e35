import { detectLanguage, type Language } from '../classifier/language';
import { foldToLatin, tokenize } from '../classifier/normalize';

/**
 * Words and phrases of one language with the forms that language gives them: "людин+" is
 * людина, людини, людині, людину, людиною…; "жив~ человек+" is "живой человек", "живым
 * человеком"…; "thief|thieves" lists forms outright. Every form is also matched as typed in
 * Latin letters ("operatora", "lyudinoyu"), since words are compared after folding to Latin.
 */

export type TermLanguage = Exclude<Language, 'unknown'>;

const endings = (list: string) => list.split(' ').map((e) => (e === '-' ? '' : e));

/** Case and number endings of nouns, and of adjectives, per language; a stem takes all of them. */
const NOUN_ENDINGS: Record<TermLanguage, string[]> = {
	ru: endings('- а у ом е и ы ов ам ами ах ой ою ей я ю ем ям ями ях'),
	uk: endings('- а у ом е і и ів ам ами ах ою ею о ові еві я ю ем ям ями ях ей'),
	en: endings('- s'),
	fr: endings('- s e es'),
};
const ADJECTIVE_ENDINGS: Record<TermLanguage, string[]> = {
	ru: endings('ой ый ий ым им ого его ому ему ом ем ая яя ую юю ые ие ых их ыми ими'),
	uk: endings('ий ій ого ому им ім а я у ю ою ею і их ими е є'),
	en: endings('-'),
	fr: endings('- e s es'),
};

/** A word as the set of its folded forms; `base` is what a slip of the keyboard is measured against. */
interface WordForms {
	forms: Set<string>;
	bases: string[];
}

export interface Term {
	language: TermLanguage;
	/** As listed, alternatives reduced to the first ("thief|thieves" is "thief"), to report what was recognised. */
	text: string;
	words: WordForms[];
}

/** A written form as the words of a message are compared: normalised, accents off, in Latin letters. */
const fold = (form: string) => foldToLatin(tokenize(form).join(''));

function wordForms(spec: string, language: TermLanguage): WordForms {
	const last = spec.slice(-1);
	const table = last === '+' ? NOUN_ENDINGS[language] : last === '~' ? ADJECTIVE_ENDINGS[language] : null;
	const stem = table ? spec.slice(0, -1) : spec;
	const written = table ? table.map((ending) => stem + ending) : stem.split('|');
	const forms = new Set(written.map(fold));
	const bases = table ? [fold(stem + table[0])] : [...forms];
	return { forms, bases };
}

/** Where a listed phrase splits into words: spaces, hyphens, and apostrophes between Latin letters ("quelqu'un"). */
const WORD_BREAK = /[\s-]+|(?<=\p{Script=Latin})['’](?=\p{Script=Latin})/u;

export const compileTerms = (language: TermLanguage, list: readonly string[]): Term[] =>
	list.map((spec) => ({
		language,
		text: spec.replace(/\|[^\s]*/g, ''),
		words: spec.split(WORD_BREAK).filter(Boolean).map((w) => wordForms(w, language)),
	}));

/**
 * One missing, extra, wrong or swapped letter apart, in one pass without a distance table: this
 * runs for every word of every message against every term of its language.
 */
export function oneSlipApart(a: string, b: string): boolean {
	if (a === b) return true;
	const [short, long] = a.length <= b.length ? [a, b] : [b, a];
	if (long.length - short.length > 1) return false;
	let i = 0;
	while (i < short.length && short[i] === long[i]) i++;
	if (short.length === long.length) {
		const swapped = i + 1 < short.length && short[i] === long[i + 1] && short[i + 1] === long[i];
		return short.slice(i + (swapped ? 2 : 1)) === long.slice(i + (swapped ? 2 : 1));
	}
	return short.slice(i) === long.slice(i + 1);
}

/** Shorter words must be typed right: one letter off a four-letter word is another word. */
const MIN_TYPO_LENGTH = 5;

/**
 * Whether a typed (folded) word is one of the forms, or, in the message's own language, one slip
 * away from the word's base form. `falseFriends` are real words of some language that look like a
 * slip ("argent" for "agent", "debit" for "debil") and are never taken for one.
 */
function matches(typed: string, word: WordForms, typosAllowed: boolean, falseFriends: ReadonlySet<string>): boolean {
	if (word.forms.has(typed)) return true;
	if (!typosAllowed || falseFriends.has(typed)) return false;
	return word.bases.some((base) => base.length >= MIN_TYPO_LENGTH && oneSlipApart(typed, base));
}

/** Words a customer may put inside a phrase ("позовите, пожалуйста, сотрудника", "talk to someone please"). */
const MAX_GAP = 2;

/**
 * The first term found in the (folded) words and the positions of its words, in order with at
 * most `MAX_GAP` others between two of them. Slips are forgiven only for terms of the message's
 * language (any, when it is unknown), so a word of one language is not read as a misspelt word of
 * another.
 */
export function findTermAt(
	words: readonly string[],
	terms: readonly Term[],
	language: Language,
	falseFriends: ReadonlySet<string>,
): { term: Term; positions: number[] } | undefined {
	for (const term of terms) {
		const typos = language === 'unknown' || language === term.language;
		const at = (k: number, from: number, to: number): number[] | null => {
			if (k === term.words.length) return [];
			for (let i = from; i < Math.min(to, words.length); i++) {
				if (!matches(words[i], term.words[k], typos, falseFriends)) continue;
				const rest = at(k + 1, i + 1, i + 2 + MAX_GAP);
				if (rest) return [i, ...rest];
			}
			return null;
		};
		const positions = at(0, 0, words.length);
		if (positions) return { term, positions };
	}
	return undefined;
}

export const findTerm = (...args: Parameters<typeof findTermAt>): Term | undefined => findTermAt(...args)?.term;

/** Folded false friends from their written forms. */
export const foldedSet = (list: string): ReadonlySet<string> => new Set(list.split(' ').map(fold));

/**
 * Words ops staff added to a list: each in the language its letters suggest, a single word with
 * that language's noun endings, a phrase as written.
 */
export function addedTerms(list: readonly string[]): Term[] {
	return list.flatMap((written) => {
		const text = written.trim().toLowerCase();
		if (!text) return [];
		const guess = detectLanguage(text);
		const language: TermLanguage = guess !== 'unknown' ? guess : /\p{Script=Cyrillic}/u.test(text) ? 'ru' : 'en';
		return compileTerms(language, [/\s/.test(text) ? text : `${text}+`]);
	});
}
