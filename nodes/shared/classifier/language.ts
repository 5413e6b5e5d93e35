import { canonicalCase } from './normalize';

export type Language = 'ru' | 'uk' | 'fr' | 'en' | 'unknown';

const words = (list: string) => new Set(list.split(' '));

const STOPWORDS: Record<Exclude<Language, 'unknown'>, Set<string>> = {
	ru: words(
		'и в не на что как где мой моя мое мои мне меня это когда нет да почему вы вас вам ваш у с по для или уже еще все ли можно нужно хочу спасибо пожалуйста здравствуйте привет если только был была было есть который очень тоже так же бы',
	),
	uk: words(
		'і й та що як де мій моя моє мої мені мене це коли ні так чому ви вас вам ваш у з по для або вже ще все чи можна потрібно хочу дякую будь ласка добрий день привіт якщо тільки був була було є який дуже теж також би',
	),
	fr: words(
		"le la les de des du un une est et je vous pas mon ma mes pour avec que qui où ce cette sur dans au aux il elle nous suis ai ne en on bonjour merci svp stp votre vos mais ou quand comment pourquoi c l d j n qu s",
	),
	en: words(
		'the is are my i you to of and a an in it for on with what where when how why can do does not this that have has was please thanks thank hello hi me your be will would should could there just still am get',
	),
};

/** Russian typed in Latin letters: the function words and forms that give it away. */
const RUSSIAN_IN_LATIN = words(
	'gde kak chto shto pochemu kogda mne menya moy moi moj moya moe eto net da vy vas vam vash uzhe eshe eshche esche mozhno nuzhno hochu khochu spasibo pozhaluysta pozhalujsta pojaluysta privet zdravstvuyte skolko seychas sejchas kuda tolko ili dlya ya zakaz dostavka dengi den',
);

const UKRAINIAN_LETTERS = /[іїєґ]/g;
const RUSSIAN_LETTERS = /[ыэъё]/g;
const FRENCH_LETTERS = /[àâçéèêëîïôûùüÿœæ]/g;

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;
const hits = (tokens: string[], list: Set<string>) => tokens.filter((t) => list.has(t)).length;

/**
 * The language of a customer message, from letters only one candidate uses and from function
 * words. Cheap enough to run on every message; "unknown" when nothing points anywhere or the
 * text is in another script.
 */
export function detectLanguage(text: string): Language {
	// ё is kept here (canonicalCase folds it) because it marks Russian.
	const lower = text.normalize('NFKC').toLowerCase();
	const cased = canonicalCase(text);
	const tokens = cased.split(/[^\p{L}]+/u).filter(Boolean);
	const cyrillic = count(cased, /\p{Script=Cyrillic}/gu);
	const latin = count(cased, /\p{Script=Latin}/gu);
	if (cyrillic === 0 && latin === 0) return 'unknown';
	if (cyrillic >= latin) {
		const uk = 2 * count(lower, UKRAINIAN_LETTERS) + hits(tokens, STOPWORDS.uk);
		const ru = 2 * count(lower, RUSSIAN_LETTERS) + hits(tokens, STOPWORDS.ru);
		// Letters shared by both with no marker: Russian is by far the likelier writer.
		return uk > ru ? 'uk' : 'ru';
	}
	const scores: Array<[Language, number]> = [
		['fr', 2 * count(lower, FRENCH_LETTERS) + hits(tokens, STOPWORDS.fr)],
		['en', hits(tokens, STOPWORDS.en)],
		['ru', 1.5 * hits(tokens, RUSSIAN_IN_LATIN)],
	];
	const [best, score] = scores.reduce((a, b) => (b[1] > a[1] ? b : a));
	return score > 0 ? best : 'unknown';
}
