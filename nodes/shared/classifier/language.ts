import { LANGUAGE_STATISTICS } from './languageStatisticsData';
import { lettersOnly, scriptLikelihoods } from './languageStatistics';
import { canonicalCase } from './normalize';

export type Language = 'ru' | 'uk' | 'fr' | 'en' | 'unknown';

const words = (list: string) => new Set(list.split(' '));

/**
 * Function and courtesy words customers write, which a sentence corpus under-represents. No "и"
 * among the Russian ones: Ukrainian typed on a Russian keyboard writes its "і" so.
 */
const STOPWORDS: Record<Exclude<Language, 'unknown'>, Set<string>> = {
	ru: words(
		'в не на что как где мой моя мое мои мне меня это когда нет да почему вы вас вам ваш у с по для или уже еще все ли можно нужно хочу спасибо пожалуйста здравствуйте привет если только был была было есть который очень тоже так же бы',
	),
	uk: words(
		'і й та що як де мій моя моє мої мені мене це коли ні так чому ви вас вам ваш у з по для або вже ще все чи можна потрібно хочу дякую будь ласка добрий день привіт якщо тільки був була було є який дуже теж також би',
	),
	fr: words(
		"le la les de des du un une est et je vous pas mon ma mes pour avec que qui où ce cette sur dans au aux il elle nous suis ai ne en on bonjour merci svp stp votre vos mais ou quand comment pourquoi c l d j n qu s",
	),
	en: words(
		'the is are my i you to of and a an in it for on with what where when how why can do does not this that have has was please pls plz thanks thank thx hello hi me your be will would should could there just still am get',
	),
};

/** Russian typed in Latin letters: the function words and forms that give it away. */
const RUSSIAN_IN_LATIN = words(
	'gde kak chto shto pochemu kogda mne menya moy moi moj moya moe eto net da vy vas vam vash uzhe eshe eshche esche mozhno nuzhno hochu khochu spasibo pozhaluysta pozhalujsta pojaluysta privet zdravstvuyte skolko seychas sejchas kuda tolko ili dlya ya zakaz dostavka dengi den',
);

const UKRAINIAN_LETTERS = /[іїєґ]/g;
const RUSSIAN_LETTERS = /[ыэъё]/g;
const FRENCH_LETTERS = /[àâçéèêëîïôûùüÿœæ]/g;
/** A Latin "i" typed inside a Cyrillic word is Ukrainian і on a keyboard without it. */
const LATIN_I_IN_CYRILLIC = /(?<=\p{Script=Cyrillic})i|i(?=\p{Script=Cyrillic})/gu;

/** A letter only one candidate uses outweighs a few bigrams; a function word counts a little less. */
const LETTER_WEIGHT = 3;
const WORD_WEIGHT = 2;
/** Cyrillic with nothing to tell: Russian is the likelier writer among this desk's customers. */
const RUSSIAN_PRIOR = 1;
/**
 * Latin letters: English or French is the likelier writer than Russian or Ukrainian typed in Latin
 * letters, whose statistics come from transliterated sentences, where "on" (он) and "my" (мы) are
 * among the commonest words; without it "any update on my order" read as Russian.
 */
const LATIN_PRIOR = 2;
/** Latin letters with no known word: only a clear lead of the bigrams names a language ("xqzt" does not). */
const BIGRAMS_ALONE = { letters: 8, lead: 3 };

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;
const hits = (tokens: readonly string[], list: Set<string>) => tokens.filter((t) => list.has(t)).length;

/** The form the statistics are learnt from and looked up in: lower case, ё as е, one apostrophe. */
export const detectionForm = (text: string): string => canonicalCase(text.replace(LATIN_I_IN_CYRILLIC, 'і'));

type Scored = [Language, number];
const byScore = (scores: Scored[]) => scores.sort((a, b) => b[1] - a[1]);

/**
 * The language of a customer message: letters only one candidate uses, function words, and
 * bigram and word statistics learnt from labelled messages (`npm run train:language`). Cheap
 * enough to run on every message; "unknown" when nothing points anywhere or the text is in
 * another script.
 */
export function detectLanguage(text: string): Language {
	// Markers are counted before canonicalCase folds ё into е.
	const lower = text.normalize('NFKC').toLowerCase().replace(LATIN_I_IN_CYRILLIC, 'і');
	const tokens = lettersOnly(detectionForm(text));
	const cyrillicWords = tokens.filter((t) => /\p{Script=Cyrillic}/u.test(t));
	const latinWords = tokens.filter((t) => /\p{Script=Latin}/u.test(t));
	const cyrillic = cyrillicWords.join('').length;
	const latin = latinWords.join('').length;
	if (cyrillic === 0 && latin === 0) return 'unknown';

	if (cyrillic >= latin) {
		const [ru, uk] = scriptLikelihoods(LANGUAGE_STATISTICS.cyrillic, cyrillicWords).scores;
		return byScore([
			['ru', RUSSIAN_PRIOR + ru + LETTER_WEIGHT * count(lower, RUSSIAN_LETTERS) + WORD_WEIGHT * hits(cyrillicWords, STOPWORDS.ru)],
			['uk', uk + LETTER_WEIGHT * count(lower, UKRAINIAN_LETTERS) + WORD_WEIGHT * hits(cyrillicWords, STOPWORDS.uk)],
		])[0][0];
	}
	const { scores, known } = scriptLikelihoods(LANGUAGE_STATISTICS.latin, latinWords);
	const [en, fr, ru, uk] = scores;
	const accents = count(lower, FRENCH_LETTERS);
	const listed = [STOPWORDS.en, STOPWORDS.fr, RUSSIAN_IN_LATIN].reduce((sum, list) => sum + hits(latinWords, list), 0);
	const ranked = byScore([
		['en', LATIN_PRIOR + en + WORD_WEIGHT * hits(latinWords, STOPWORDS.en)],
		['fr', LATIN_PRIOR + fr + LETTER_WEIGHT * accents + WORD_WEIGHT * hits(latinWords, STOPWORDS.fr)],
		['ru', ru + WORD_WEIGHT * hits(latinWords, RUSSIAN_IN_LATIN)],
		['uk', uk],
	]);
	if (known > 0 || accents > 0 || listed > 0) return ranked[0][0];
	const clear = latin >= BIGRAMS_ALONE.letters && ranked[0][1] - ranked[1][1] >= BIGRAMS_ALONE.lead;
	return clear ? ranked[0][0] : 'unknown';
}
