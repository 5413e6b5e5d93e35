/**
 * Text normalisation shared by the features and the language detector: one canonical form so
 * that "Ё/е", typographic apostrophes, full-width letters and accents do not split a word in two.
 */

const APOSTROPHES = /[’‘ʼʹ`´′ʻ＇]/g;
const LATIN_LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss' };

/** Lowercase, NFKC, ё→е, one apostrophe; accents stay (the language detector needs them). */
export function canonicalCase(text: string): string {
	return text.normalize('NFKC').toLowerCase().replace(/ё/g, 'е').replace(APOSTROPHES, "'");
}

/**
 * Accents are stripped from Latin letters only: customers often type French without them, while
 * Cyrillic й/ї are distinct letters, not accented ones.
 */
function stripLatinAccents(text: string): string {
	return text
		.normalize('NFD')
		.replace(/([a-z])\p{M}+/gu, '$1')
		.normalize('NFC')
		.replace(/[œæß]/g, (ch) => LATIN_LIGATURES[ch]);
}

/**
 * Words of the text. An apostrophe inside a Cyrillic word is part of the spelling (Ukrainian
 * "п'ять", often typed without it) and is dropped; elsewhere it separates ("l'adresse").
 */
export function tokenize(text: string): string[] {
	const plain = stripLatinAccents(canonicalCase(text)).replace(/(\p{Script=Cyrillic})'(?=\p{Script=Cyrillic})/gu, '$1');
	return plain.match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
}

const CYRILLIC_TO_LATIN: Record<string, string> = {
	а: 'a', б: 'b', в: 'v', г: 'g', ґ: 'g', д: 'd', е: 'e', є: 'ye', ж: 'zh', з: 'z', и: 'i', і: 'i',
	ї: 'yi', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u',
	ф: 'f', х: 'h', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'sh', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

/**
 * Spelling variants people use when typing Russian or Ukrainian in Latin letters, folded to the
 * form the transliteration above produces ("khochu"/"hochu", "moj"/"moy", "shchas"/"shas").
 * Applied to every word, so Latin words of other languages fold the same way on both sides.
 */
const LATIN_VARIANTS: Array<[RegExp, string]> = [
	[/shch|sch/g, 'sh'],
	[/kh|x/g, 'h'],
	[/w/g, 'v'],
	[/j/g, 'y'],
	[/[iy]y/g, 'y'],
	[/tz/g, 'ts'],
];

/**
 * One Latin spelling per word whatever script it was typed in, so "где мой заказ", "gde moj zakaz"
 * and a word mixing look-alike letters of both scripts meet in the same features.
 */
export function foldToLatin(word: string): string {
	let latin = '';
	for (const ch of word) latin += CYRILLIC_TO_LATIN[ch] ?? ch;
	for (const [pattern, replacement] of LATIN_VARIANTS) latin = latin.replace(pattern, replacement);
	return latin;
}
