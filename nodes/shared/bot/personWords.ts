import type { Language } from '../classifier/language';
import { addedTerms, compileTerms, findTerm, findTermAt, foldedSet, type Term, type TermLanguage } from './terms';

/**
 * How customers ask for a person, per language, with the forms each language gives the words
 * (see terms.ts for the notation).
 */

/** The node's default list of words that ask for a person; ops staff may remove or add words. */
export const DEFAULT_PERSON_WORDS = [
	'operator', 'оператор', 'opérateur', 'людина', 'живой человек', 'человек', 'менеджер', 'manager', 'специалист', 'консультант',
	'conseiller', 'agent', 'human', 'person', 'support', 'поддержка', 'підтримка', 'фахівець',
];

/** What each default word stands for in each language that uses it. */
const FORMS_OF: Record<string, Array<[TermLanguage, string]>> = {
	operator: [['en', 'operator+']],
	оператор: [['ru', 'оператор+'], ['uk', 'оператор+']],
	opérateur: [['fr', 'opérateur+'], ['fr', 'opératrice+']],
	людина: [['uk', 'людин+'], ['uk', 'жив~ людин+']],
	'живой человек': [['ru', 'жив~ человек+']],
	человек: [['ru', 'человек+']],
	менеджер: [['ru', 'менеджер+'], ['uk', 'менеджер+']],
	manager: [['en', 'manager+']],
	специалист: [['ru', 'специалист+']],
	консультант: [['ru', 'консультант+'], ['uk', 'консультант+']],
	conseiller: [['fr', 'conseiller+'], ['fr', 'conseillère+']],
	agent: [['en', 'agent+'], ['fr', 'agent+']],
	human: [['en', 'human+'], ['fr', 'humain+']],
	person: [['en', 'person+']],
	support: [['en', 'support'], ['fr', 'support']],
	поддержка: [['ru', 'поддержк+']],
	підтримка: [['uk', 'підтримк+'], ['uk', 'підтримці']],
	фахівець: [['uk', 'фахівець|фахівця|фахівцю|фахівцем|фахівці|фахівців|фахівцями']],
};

/** Requests in several words whose words alone ask for nothing ("someone", "сотрудник"). */
const PHRASES: Term[] = [
	...compileTerms('en', [
		'connect me with someone', 'connect me to someone', 'someone who can help', 'talk to someone', 'talk with someone',
		'speak to someone', 'speak with someone', 'real person', 'live person',
	]),
	...compileTerms('fr', [
		'mettez-moi en relation', 'en relation avec quelqu’un', 'parler à quelqu’un', 'parler avec quelqu’un', 'vraie personne',
		'être humain',
	]),
	...compileTerms('ru', [
		'позовите сотрудник+', 'позови сотрудник+', 'позвать сотрудник+', 'дайте сотрудник+', 'соедините с сотрудник+',
		'свяжите с сотрудник+', 'переключите на сотрудник+', 'нужен сотрудник', 'жив~ сотрудник+',
	]),
	...compileTerms('uk', [
		'покличте співробітник+', 'поклич співробітник+', 'покликати співробітник+', 'дайте співробітник+',
		'зʼєднайте з співробітник+', 'зʼєднайте із співробітник+', 'потрібен співробітник', 'жив~ співробітник+',
	]),
];

/**
 * Real words that sit one slip away from a listed one and must not be read as it: French
 * "argent" (money) is not "agent", "personnel" is not "person", "debit" is not "дебил".
 */
export const FALSE_FRIENDS = foldedSet(
	'argent argents agence agences agenda personnel personnelle personnels personnelles personal personally personne operation operations debit debits débit дебет',
);

let compiled: { key: string; terms: Term[] } | undefined;

/** The terms of the configured words (built-in forms for the default ones) and the built-in phrases. */
function personTerms(words: readonly string[]): Term[] {
	const key = words.join('\n');
	if (compiled?.key !== key) {
		const known = words.map((w) => w.trim().toLowerCase()).filter((w) => FORMS_OF[w]);
		const added = words.filter((w) => !FORMS_OF[w.trim().toLowerCase()]);
		const listed = [...known.flatMap((w) => FORMS_OF[w].flatMap(([language, spec]) => compileTerms(language, [spec]))), ...addedTerms(added)];
		compiled = { key, terms: [...listed, ...PHRASES] };
	}
	return compiled.terms;
}

/** The request for a person in the (folded) words of a message, as listed, or undefined. */
export function askedForPerson(words: readonly string[], language: Language, configured: readonly string[] = DEFAULT_PERSON_WORDS): string | undefined {
	return findTerm(words, personTerms(configured), language, FALSE_FRIENDS)?.text;
}

/**
 * Words that wrap a request for a person ("I'd like to talk to…", "позовите, пожалуйста…",
 * "mettez-moi en relation…") and greetings: they say nothing of what the customer needs.
 */
const REQUEST_WORDS = foldedSet(
	[
		'i m im d id want wanna would like need to talk speak chat with a an the your you some someone somebody anyone anybody',
		'please pls plz can could may me my connect transfer put through get give let real live actual now right away asap hello hi',
		'hey help who ok okay just one of yes no thanks thank is there are available here urgent urgently immediately call back',
		'я мне меня хочу хотел хотела бы нужен нужна нужно надо можно могу поговорить говорить пообщаться связаться связать',
		'соединить соедините соедини переключите переключить позовите позови позвать дайте дай с со к пожалуйста плиз срочно',
		'сейчас живой живым живого кто нибудь кем кого кому здравствуйте привет добрый день алло помогите помочь помощь а ну же',
		'есть ли вы мені мене хотів хотіла потрібен потрібна потрібно треба можна поговорити говорити спілкуватися звʼязатися',
		'зʼєднайте зʼєднати переключіть покличте поклич покликати з із зі до будь ласка терміново зараз живий живою живу хтось',
		'когось кимось вітаю привіт добрий допоможіть допомогти допомога є чи',
		'je j veux voudrais aimerais souhaite besoin de d du un une le la l à avec parler discuter quelqu qqn s il vous plait svp',
		'stp merci bonjour salut allo vite maintenant vrai vraie mettez moi m en relation passer passez puis peux pouvez aide aider',
	].join(' '),
);

/**
 * Whether a message asks for a person and for nothing more: without its requests for a person
 * and the words around them, nothing tells what the customer needs ("operator please", "можна
 * людину?"), so its topic is for the person to learn, not for the classifier to guess.
 */
export function onlyAsksForPerson(words: readonly string[], language: Language, configured: readonly string[] = DEFAULT_PERSON_WORDS): boolean {
	const terms = personTerms(configured);
	let rest = words;
	let asked = false;
	for (;;) {
		const found = findTermAt(rest, terms, language, FALSE_FRIENDS);
		if (!found) return asked && rest.every((word) => REQUEST_WORDS.has(word));
		asked = true;
		const used = new Set(found.positions);
		rest = rest.filter((_, i) => !used.has(i));
	}
}
