import { detectLanguage, type Language } from '../classifier/language';
import { angerIn, DEFAULT_ANGER_WORDS, firstWordIn } from '../priority/signals';
import { FALSE_FRIENDS } from './personWords';
import { foldedWords } from './phrases';
import { compileTerms, findTerm, type Term } from './terms';

/**
 * Clear anger, for handing a customer to a person before the bot makes it worse. Complaint words,
 * "!!!" and caps come from the priority concern; insults and words of exasperation per language
 * are the bot's own (see terms.ts for the notation).
 */

/** Insults, swearing and fraud accusations: one is enough. */
const STRONG: Term[] = [
	...compileTerms('en', [
		'idiot+', 'moron+', 'stupid', 'useless', 'scam+', 'scammer+', 'fraud+', 'fraudster+', 'thief|thieves', 'fuck|fucking|fucked',
		'shit|shitty', 'pathetic', 'incompetent',
	]),
	...compileTerms('ru', [
		'идиот+', 'дебил+', 'кретин+', 'мошенник+', 'жулик+', 'обманщик+', 'урод+', 'сволочь|сволочи|сволочей', 'тварь|твари|тварей',
		'ворюг+', 'бля|блять', 'сука|суки', 'задолбали', 'достали',
	]),
	...compileTerms('uk', [
		'ідіот+', 'дебіл+', 'шахрай|шахраї|шахраїв|шахраями', 'ошуканець|ошуканці|ошуканців', 'злодій|злодії|злодіїв',
		'покидьок|покидьки|покидьків', 'задовбали', 'дістали',
	]),
	...compileTerms('fr', ['escroc+', 'arnaque+', 'arnaqueur+', 'voleur+', 'merde', 'putain', 'incompétent+', 'nul|nuls|nulle|nulles', 'connard+']),
];

/** Exasperation: with "!!!", "?!" or caps it is anger, alone it is not ("still waiting" is a question). */
const EXASPERATION: Term[] = [
	...compileTerms('en', ['still', 'never', 'nobody', 'no one', 'nothing', 'waiting', 'how long', 'no answer', 'no response', 'no reply', 'ignoring|ignored']),
	...compileTerms('ru', ['опять', 'снова', 'до сих пор', 'никто', 'ничего', 'жду|ждать|ждём|ждем', 'сколько можно', 'вообще', 'когда наконец']),
	...compileTerms('uk', ['знову', 'досі', 'ніхто', 'нічого', 'чекаю|чекати|чекаємо', 'скільки можна', 'взагалі', 'коли нарешті']),
	...compileTerms('fr', ['toujours', 'jamais', 'rien', 'personne', 'attends|attendre|attendons', 'ça fait', 'combien de temps']),
];

export interface AngerVerdict {
	angry: boolean;
	/** What gave it away: `word:<word>`, and the priority concern's “!!!” or ALL CAPS, or “?!”. */
	signs: string[];
}

/** A question asked with exclamation marks ("?!", "!?"), which "!!!" alone does not catch. */
const indignantQuestion = (text: string) => (/\?+!|!+\?/.test(text) ? '“?!”' : null);

/**
 * Angry enough to hand over: an insult or a swear word, or a tone ("!!!", "?!", ALL CAPS) together
 * with a complaint or exasperation word. A tone alone is not a reason to take the bot away
 * ("Thanks!!!", a caps-lock order number), nor is a word alone.
 */
export function detectAnger(
	text: string,
	{ language = detectLanguage(text), extraStrong = [] }: { language?: Language; extraStrong?: readonly Term[] } = {},
): AngerVerdict {
	const words = foldedWords(text);
	const strong = findTerm(words, [...STRONG, ...extraStrong], language, FALSE_FRIENDS);
	if (strong) return { angry: true, signs: [`word:${strong.text}`] };
	const complaint = firstWordIn(text, DEFAULT_ANGER_WORDS) ?? findTerm(words, EXASPERATION, language, FALSE_FRIENDS)?.text;
	const tone = angerIn(text, []) ?? indignantQuestion(text);
	const signs = [...(complaint ? [`word:${complaint}`] : []), ...(tone ? [tone] : [])];
	return { angry: signs.length === 2, signs };
}
