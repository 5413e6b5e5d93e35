/** Words that ask for speed, in the languages the desk serves (ru, uk, fr, en); matched as word starts, so stems work. */
export const DEFAULT_URGENT_WORDS = [
	'срочно', 'срочн', 'немедленно', 'как можно скорее', 'горит',
	'терміново', 'негайно', 'якнайшвидше',
	'urgent', 'asap', 'immediately', 'emergency', 'right now',
	'immédiatement', 'urgence', 'tout de suite', 'au plus vite',
];

/** Words of a customer who is angry or about to complain. */
export const DEFAULT_ANGER_WORDS = [
	'жалоб', 'пожалуюсь', 'безобрази', 'возмути', 'ужасн', 'обман', 'верните деньги', 'в суд',
	'скарг', 'поскаржусь', 'обурен', 'жахлив', 'неприпустим', 'поверніть гроші',
	'complaint', 'complain', 'unacceptable', 'ridiculous', 'terrible', 'disgusting', 'scam', 'lawyer', 'refund now',
	'plainte', 'inadmissible', 'inacceptable', 'scandaleux', 'honteux', 'arnaque', 'remboursez',
];

const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The first of `words` the text contains at a word start, case-insensitively, in any script. */
export function firstWordIn(text: string, words: readonly string[]): string | null {
	const lower = text.toLowerCase();
	for (const word of words) {
		const w = word.trim().toLowerCase();
		if (w && new RegExp(`(?<![\\p{L}\\p{N}])${escape(w)}`, 'u').test(lower)) return w;
	}
	return null;
}

/** Shouting: at least a few words' worth of letters, nearly all capitals (one CAPS acronym is not shouting). */
function shouts(text: string): boolean {
	const cased = [...text].filter((c) => c.toLowerCase() !== c.toUpperCase());
	if (cased.length < 8) return false;
	return cased.filter((c) => c === c.toUpperCase()).length / cased.length >= 0.8;
}

/** Why a text reads as angry, or null: an anger word, "!!!" or more, or ALL CAPS. */
export function angerIn(text: string, words: readonly string[]): string | null {
	const word = firstWordIn(text, words);
	if (word) return `“${word}”`;
	if (/!{3,}/.test(text)) return '“!!!”';
	return shouts(text) ? 'ALL CAPS' : null;
}
