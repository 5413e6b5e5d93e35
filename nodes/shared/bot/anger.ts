import { compilePhrases, findPhrase, foldedWords, type Phrase } from './phrases';

/**
 * Clear anger, for handing a customer to a person before the bot makes it worse. Kept here until
 * the priority concern publishes its own word lists; it then should be the one source.
 */

/** Insults, swearing and fraud accusations: one is enough. */
const STRONG = compilePhrases([
	'idiot', 'idiots', 'stupid', 'useless', 'scam', 'scammers', 'fraud', 'thieves', 'fuck', 'fucking', 'shit', 'pathetic', 'incompetent',
	'идиот', 'идиоты', 'дебил', 'дебилы', 'мошенники', 'мошенник', 'жулики', 'обманщики', 'уроды', 'сволочи', 'твари', 'ворюги', 'бля', 'блять', 'сука', 'задолбали', 'достали',
	'ідіоти', 'ідіот', 'дебіли', 'шахраї', 'шахрай', 'ошуканці', 'злодії', 'покидьки',
	'escroc', 'escrocs', 'arnaque', 'voleurs', 'merde', 'putain', 'incompétents', 'nuls',
]);

/** Complaint words: angry together with another sign, not on their own. */
const WEAK = compilePhrases([
	'angry', 'furious', 'terrible', 'awful', 'worst', 'unacceptable', 'outrageous', 'disgusting', 'ridiculous', 'complaint', 'lawyer',
	'безобразие', 'ужас', 'ужасно', 'отвратительно', 'возмутительно', 'кошмар', 'позор', 'жалоба', 'прокуратура', 'надоело',
	'жах', 'жахливо', 'огидно', 'обурливо', 'неподобство', 'ганьба', 'скарга', 'набридло',
	'honteux', 'honte', 'scandale', 'scandaleux', 'inadmissible', 'inacceptable', 'furieux', 'plainte', 'avocat', 'lamentable',
]);

export interface AngerVerdict {
	angry: boolean;
	/** What gave it away: `word:<folded word>`, `shouting`, `exclamations`. */
	signs: string[];
}

const LETTERS = /\p{L}/gu;
const UPPER = /\p{Lu}/gu;

/** Angry when a strong word is used, or two lesser signs meet (a complaint word, SHOUTING, "!!!"). */
export function detectAnger(text: string, extraStrong: readonly Phrase[] = []): AngerVerdict {
	const words = foldedWords(text);
	const signs: string[] = [];
	let score = 0;
	const strong = findPhrase(words, [...STRONG, ...extraStrong]);
	if (strong) {
		signs.push(`word:${strong.join(' ')}`);
		score += 2;
	}
	const weak = findPhrase(words, WEAK);
	if (weak) {
		signs.push(`word:${weak.join(' ')}`);
		score += 1;
	}
	const letters = text.match(LETTERS)?.length ?? 0;
	if (letters >= 10 && (text.match(UPPER)?.length ?? 0) / letters > 0.7) {
		signs.push('shouting');
		score += 1;
	}
	if (/[!?]{3,}/.test(text)) {
		signs.push('exclamations');
		score += 1;
	}
	return { angry: score >= 2, signs };
}
