import { detectionForm } from './language';
import { trainScriptStatistics, type LabelledText, type LanguageStatistics } from './languageStatistics';
import { foldToLatin } from './normalize';

/**
 * The labelled messages language detection is trained and measured on (data/language-id): Tatoeba
 * sentence pairs, `lang<TAB>lang<TAB>sentence<TAB>sentence` per line.
 */

const CODES: Record<string, string> = { rus: 'ru', ukr: 'uk', eng: 'en', fra: 'fr' };

export interface LanguageSet {
	train: LabelledText[];
	test: LabelledText[];
}

/**
 * Every other pair is held out, both of its sentences together, so that a held-out sentence's
 * translation never taught the statistics its words. A sentence seen before (Tatoeba repeats one
 * source with several translations) is kept once, in the part it first went to.
 */
export function splitLanguagePairs(tsv: string): LanguageSet {
	const set: LanguageSet = { train: [], test: [] };
	const seen = new Set<string>();
	tsv.split('\n').forEach((line, index) => {
		const [first, second, ...texts] = line.split('\t');
		if (texts.length !== 2 || !CODES[first] || !CODES[second]) return;
		const part = index % 2 === 0 ? set.train : set.test;
		[CODES[first], CODES[second]].forEach((language, k) => {
			const text = texts[k].trim();
			if (!text || seen.has(`${language}:${text}`)) return;
			seen.add(`${language}:${text}`);
			part.push({ text, language });
		});
	});
	return set;
}

const RUSSIAN_KEYBOARD: Record<string, string> = { і: 'и', ї: 'и', є: 'е', ґ: 'г', І: 'И', Ї: 'И', Є: 'Е', Ґ: 'Г' };

/** Ukrainian as typed on a Russian keyboard: і, ї, є, ґ replaced by the nearest Russian letters. */
export const withoutUkrainianLetters = (text: string): string => text.replace(/[іїєґІЇЄҐ]/g, (ch) => RUSSIAN_KEYBOARD[ch]);

/** How many words (space-separated runs with a letter) a message has: the accuracy target is for 3 and more. */
export const wordCount = (text: string): number => text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;

const inLatinLetters = (text: string) => text.split(/\s+/).map(foldToLatin).join(' ');
const withoutAccents = (text: string) => text.normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC');

/**
 * The statistics detection ships with, from the training part only. Each Ukrainian sentence is
 * also learnt as typed on a Russian keyboard, each French one without accents, and each Russian
 * Russian and Ukrainian one in Latin letters, since customers write all of these.
 */
export function trainLanguageStatistics(train: readonly LabelledText[]): LanguageStatistics {
	const of = (language: string) => train.filter((e) => e.language === language).map((e) => detectionForm(e.text));
	const labelled = (language: string, texts: string[]) => texts.map((text) => ({ text, language }));
	const cyrillic = [
		...labelled('ru', of('ru')),
		...labelled('uk', of('uk')),
		...labelled('uk', of('uk').map(withoutUkrainianLetters)),
	];
	const latin = [
		...labelled('en', of('en')),
		...labelled('fr', of('fr')),
		...labelled('fr', of('fr').map(withoutAccents)),
		...labelled('ru', of('ru').map(inLatinLetters)),
		...labelled('uk', of('uk').map(inLatinLetters)),
	];
	return { cyrillic: trainScriptStatistics(cyrillic, ['ru', 'uk']), latin: trainScriptStatistics(latin, ['en', 'fr', 'ru', 'uk']) };
}
