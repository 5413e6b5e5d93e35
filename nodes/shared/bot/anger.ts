import { angerIn, DEFAULT_ANGER_WORDS, firstWordIn } from '../priority/signals';
import { compilePhrases, findPhrase, foldedWords, type Phrase } from './phrases';

/**
 * Clear anger, for handing a customer to a person before the bot makes it worse. Complaint words,
 * "!!!" and caps come from the priority concern; the insults below are the bot's own addition.
 */

/** Insults, swearing and fraud accusations: one is enough. */
const STRONG = compilePhrases([
	'idiot', 'idiots', 'stupid', 'useless', 'scam', 'scammers', 'fraud', 'thieves', 'fuck', 'fucking', 'shit', 'pathetic', 'incompetent',
	'идиот', 'идиоты', 'дебил', 'дебилы', 'мошенники', 'мошенник', 'жулики', 'обманщики', 'уроды', 'сволочи', 'твари', 'ворюги', 'бля', 'блять', 'сука', 'задолбали', 'достали',
	'ідіоти', 'ідіот', 'дебіли', 'шахраї', 'шахрай', 'ошуканці', 'злодії', 'покидьки',
	'escroc', 'escrocs', 'arnaque', 'voleurs', 'merde', 'putain', 'incompétents', 'nuls',
]);

export interface AngerVerdict {
	angry: boolean;
	/** What gave it away: `word:<word>`, and the priority concern's “!!!” or ALL CAPS. */
	signs: string[];
}

/**
 * Angry enough to hand over: an insult or a swear word, or two of the priority concern's signs
 * together (a complaint word, and "!!!" or ALL CAPS). One sign alone raises priority there but is
 * not a reason to take the bot away ("Thanks!!!", a caps-lock order number).
 */
export function detectAnger(text: string, extraStrong: readonly Phrase[] = []): AngerVerdict {
	const strong = findPhrase(foldedWords(text), [...STRONG, ...extraStrong]);
	if (strong) return { angry: true, signs: [`word:${strong.join(' ')}`] };
	const complaint = firstWordIn(text, DEFAULT_ANGER_WORDS);
	const tone = angerIn(text, []);
	const signs = [...(complaint ? [`word:${complaint}`] : []), ...(tone ? [tone] : [])];
	return { angry: signs.length === 2, signs };
}
