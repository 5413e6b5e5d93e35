import { detectLanguage, type Language } from '../classifier/language';
import type { Button, Channel } from '../envelope';
import { noteWrittenLanguage } from '../customers/enrich';
import type { Store } from '../store';
import { detectAnger } from './anger';
import { decide, type Decider, type DecisionSettings } from './decider';
import type { KbEntry } from './knowledgeBase';
import { pick } from './localised';
import type { KbMatch, KnowledgeIndex } from './matcher';
import { nodeAt, pathFromString, pathToString, type MenuNode, type MenuPath } from './menu';
import { personalise, type OrderService, type PersonalCard } from './personal';
import { askedForPerson, DEFAULT_PERSON_WORDS } from './personWords';
import { compilePhrases, foldedWords, isExactly } from './phrases';
import { present, type BotReply, type Draft } from './present';
import { recordPick, recordQuestion } from './questions';
import {
	loadBotState,
	saveBotState,
	type BotState,
	type HandoffReason,
} from './storage';
import { subjectOfRequest } from './subject';
import { addedTerms } from './terms';
import { textsFor, type Say, type TextOverrides } from './texts';

/** Payloads of the bot's own buttons; they come back as `action.payload`. */
export const PAYLOADS = { person: 'bot:person', notThis: 'bot:not-this', back: 'menu:back', menu: 'menu:', kb: 'kb:' } as const;

const BACK_WORDS = compilePhrases(['back', 'назад', 'retour', 'précédent']);
const MENU_WORDS = compilePhrases(['menu', 'меню', 'start', 'главное меню', 'головне меню']);
/** A message of nothing but a greeting asks nothing: it gets the greeting and the menu, not a hand-off. */
const GREETING_WORDS = compilePhrases([
	'hello', 'hi', 'hey', 'good morning', 'good afternoon', 'good evening', 'привет', 'здравствуйте', 'добрый день', 'доброе утро',
	'добрый вечер', 'привіт', 'вітаю', 'добрий день', 'доброго дня', 'добрий вечір', 'bonjour', 'bonsoir', 'salut', 'coucou',
]);

/**
 * Words a message needs before its detected language is trusted: over the project's colloquial
 * sets, 2.8 % of messages of three words or more are detected wrongly, 1.3 % of four or more. A
 * reply in the wrong language is corrected by the next message; a card's language is what notices
 * go out in for weeks.
 */
const SURE_WORDS = { reply: 3, card: 4 };

export interface BotSettings extends DecisionSettings {
	/** Failed turns in a row after which the customer goes to a person. */
	maxFailures: number;
	/** Words with which customers ask for a person, any language; the default ones with their forms per language (personWords.ts). */
	personWords: string[];
	/** What a message the bot knows nothing about leads to: a person, or another try. */
	onUnknown: 'handoff' | 'retry';
	handOffOnAnger: boolean;
	extraAngerWords: string[];
	defaultLanguage: string;
	texts: TextOverrides;
}

export const DEFAULT_SETTINGS: BotSettings = {
	cut: null,
	askAbove: 0.5,
	matchFloor: 0.1,
	maxFailures: 2,
	personWords: DEFAULT_PERSON_WORDS,
	onUnknown: 'handoff',
	handOffOnAnger: true,
	extraAngerWords: [],
	defaultLanguage: 'en',
	texts: {},
};

export interface BotTurnInput {
	conversationId: number;
	channel: Channel;
	text: string;
	/** The payload of a button the customer pressed. */
	payload?: string;
	/** The first message of the conversation: it is greeted, with the incident banner. */
	newConversation: boolean;
	/** The conversation's or customer's known language, used when the text does not tell. */
	languageHint?: string | null;
	/** The customer's card, for answers with their own data (`{{customer.fields.balance}}`). */
	customer?: PersonalCard | null;
}

export interface BotOutcome {
	outcome: 'answered' | 'handoff';
	language: string;
	/** The knowledge-base intent answered, `menu:<path>` for a menu step, `greeting`, or null. */
	intent: string | null;
	kbEntry: { key: string; intent: string; question: string; score: number } | null;
	reply: BotReply;
	/** Tags this turn put on the conversation. */
	tags: string[];
	/** `at`: when the conversation went to people, the start of their first-response clock. */
	handoff: {
		reason: HandoffReason;
		at: string;
		detail?: string;
		signs?: string[];
		/**
		 * Beside a request for a person: the customer's words that say what they need, this message's
		 * or an earlier one's, else the request itself. Topic Classifier reads them before the message.
		 */
		subject?: string;
		alreadyHandedOff?: boolean;
	} | null;
}

export interface BotSetup {
	knowledge: KnowledgeIndex;
	/** The knowledge base's classifier and calibrated cut (`prepareDecider`). */
	decider: Decider;
	menu: MenuNode | null;
	settings: BotSettings;
	/** Where `{{order.status}}` and the like come from; without one, from the card's `order_…` fields. */
	orderService?: OrderService | null;
}

/**
 * One customer message through the bot: a way out to a person first, then anger, then menu
 * navigation, then the knowledge base; what the bot cannot answer goes to a person, at once or
 * after repeated failures. Menu position and failures persist per conversation in the store.
 */
export async function botTurn(store: Store, setup: BotSetup, input: BotTurnInput): Promise<BotOutcome> {
	const { knowledge, decider, menu, settings } = setup;
	const { state, banner } = await loadBotState(store.db, input.conversationId, { withBanner: input.newConversation });
	const detected = detectLanguage(input.text);
	const words = foldedWords(input.text);
	// A word or two tells a language poorly ("баланс?" is Russian and Ukrainian, "agent pls" looks
	// French): in a conversation that has one, its language stands.
	const told = detected !== 'unknown' && (words.length >= SURE_WORDS.reply || !state.language) ? detected : null;
	let language = told ?? (state.language || input.languageHint || settings.defaultLanguage);
	let say: Say = textsFor(language, settings.texts);
	const next: BotState = { ...state };
	const tags: string[] = [];
	// The card follows the language the customer writes, on a message long enough to be sure of it.
	const card = input.customer;
	if (card?.id && detected !== 'unknown' && words.length >= SURE_WORDS.card && card.language !== detected && !card.corrected.includes('language')) {
		await noteWrittenLanguage(store.db, card.id, detected);
	}

	if (state.handoff) {
		return {
			outcome: 'handoff',
			language,
			intent: null,
			kbEntry: null,
			reply: { text: '', buttons: [] },
			tags,
			handoff: { reason: state.handoff.reason, at: state.handoff.at, alreadyHandedOff: true },
		};
	}

	const greeting = (): string[] => {
		if (!input.newConversation) return [];
		if (!banner) return [say('greeting')];
		const incident = [say('incident', { text: pick(banner.text, language) })];
		if (banner.expectedFix) incident.push(say('expectedFix', { when: banner.expectedFix }));
		return [say('greeting'), incident.join(' ')];
	};
	const person: Button = { label: say('person'), payload: PAYLOADS.person };

	const finish = async (
		outcome: BotOutcome['outcome'],
		draft: Draft,
		extra: Partial<Pick<BotOutcome, 'intent' | 'kbEntry' | 'handoff'>> = {},
	): Promise<BotOutcome> => {
		await store.conversations.tag(input.conversationId, tags);
		await saveBotState(store.db, input.conversationId, { ...next, language });
		draft.lines.unshift(...greeting());
		return {
			outcome,
			language,
			intent: extra.intent ?? null,
			kbEntry: extra.kbEntry ?? null,
			reply: present(input.channel, draft, say),
			tags,
			handoff: extra.handoff ?? null,
		};
	};

	const handOff = (reason: HandoffReason, detail: Omit<NonNullable<BotOutcome['handoff']>, 'reason' | 'at'> = {}, why: string[] = []) => {
		next.handoff = { reason, at: new Date().toISOString() };
		next.failures = 0;
		return finish('handoff', { lines: [...why, say('handoff')], choices: [], extras: [] }, { handoff: { ...next.handoff, ...detail } });
	};

	/** A menu level: its options as numbered choices, back where there is a level above, and the way out. */
	const showLevel = (path: MenuPath, intro: string) => {
		const level = menu && nodeAt(menu, path);
		next.menuPath = level ? path : [];
		const choices = (level?.options ?? []).map((o, i) => ({
			label: pick(o.label, language),
			payload: PAYLOADS.menu + pathToString([...path, i + 1]),
		}));
		const extras = path.length ? [{ label: say('back'), payload: PAYLOADS.back }, person] : [person];
		return { lines: [intro], choices, extras };
	};

	const fail = (intro: string, suggestions: Button[] = []) => {
		next.failures = state.failures + 1;
		if (next.failures >= settings.maxFailures) return handOff('repeated_failures', { detail: `${next.failures} failed answers` });
		const draft = menu ? showLevel([], intro) : { lines: [intro], choices: [], extras: [person] };
		if (suggestions.length) {
			draft.lines.push(suggestions.map((s) => `• ${s.label}`).join('\n'));
			draft.extras.unshift(...suggestions);
		}
		return finish('answered', draft);
	};

	const choose = (path: MenuPath) => {
		const option = menu && path.length ? nodeAt(menu, path) : null;
		if (!option) return finish('answered', showLevel([], say('choose')), { intent: 'menu:' });
		tags.push(...option.tags);
		next.failures = 0;
		const intent = `menu:${pathToString(path)}`;
		if (option.handoff) return handOff('menu_choice', { detail: pick(option.label, language) });
		if (option.options.length) return finish('answered', showLevel(path, pick(option.answer, language) || say('choose')), { intent });
		// An answer leaves the customer where they chose it, with a way back to that level.
		const parent = path.slice(0, -1);
		next.menuPath = parent;
		const back = { label: say('menu'), payload: PAYLOADS.menu + pathToString(parent) };
		return finish('answered', { lines: [pick(option.answer, language)], choices: [], extras: [back, person] }, { intent });
	};

	const answer = async (entry: KbEntry, question: string, score: number) => {
		language = entry.language;
		say = textsFor(language, settings.texts);
		tags.push(...entry.tags);
		// The customer's own data, asked about in this message: a figure the bot cannot find is for a person.
		const personal = await personalise(entry.answer, input.text, { customer: input.customer ?? null, orderService: setup.orderService ?? null });
		if ('missing' in personal) {
			const why = personal.order ? say('orderNotFound', { order: personal.order }) : say('dataMissing');
			return handOff('data_missing', { detail: `${entry.intent}: ${personal.missing}` }, [why]);
		}
		next.failures = 0;
		next.lastAnswer = entry.intent;
		const extras: Button[] = [{ label: say('notThis'), payload: PAYLOADS.notThis }, { label: say('person'), payload: PAYLOADS.person }];
		if (menu) extras.push({ label: say('menu'), payload: PAYLOADS.menu });
		return finish(
			'answered',
			{ lines: [say('youAsked', { question }), personal.text], choices: [], extras },
			{ intent: entry.intent, kbEntry: { key: entry.key, intent: entry.intent, question, score } },
		);
	};

	const up = () => {
		const parent = state.menuPath.slice(0, -1);
		return parent.length ? choose(parent) : finish('answered', showLevel([], say('choose')), { intent: 'menu:' });
	};

	// Buttons first: a pressed button means exactly what it says.
	const payload = input.payload?.trim();
	/** Asked for a person: the conversation is routed by what the customer needs, said now or before. */
	const toPerson = async (detail: string) => {
		const request = payload ? say('person') : input.text;
		const subject = await subjectOfRequest(store.db, input.conversationId, request, detected, settings.personWords, GREETING_WORDS);
		return handOff('asked_for_person', { detail, subject: subject ?? request });
	};
	if (payload === PAYLOADS.person) return toPerson('button');
	if (payload === PAYLOADS.notThis) return fail(say('notUnderstood'));
	if (payload === PAYLOADS.back) return up();
	if (payload?.startsWith(PAYLOADS.menu)) {
		const path = pathFromString(payload.slice(PAYLOADS.menu.length));
		if (path) return choose(path);
	}
	if (payload?.startsWith(PAYLOADS.kb)) {
		const entry = knowledge.byKey(payload.slice(PAYLOADS.kb.length));
		if (entry) {
			// The question behind "did you mean" is a phrasing of this entry, to learn from.
			await recordPick(store.db, input.conversationId, entry.key);
			return answer(entry, entry.questions[0], 1);
		}
	}

	const asked = askedForPerson(words, detected, settings.personWords);
	if (asked) return toPerson(asked);
	if (settings.handOffOnAnger) {
		const anger = detectAnger(input.text, { language: detected, extraStrong: addedTerms(settings.extraAngerWords) });
		if (anger.angry) return handOff('anger', { signs: anger.signs });
	}

	if (menu) {
		const typed = input.text.trim();
		if (typed === '0' || isExactly(words, BACK_WORDS)) return up();
		if (/^\d{1,2}$/.test(typed)) {
			const path = [...state.menuPath, Number(typed)];
			return nodeAt(menu, path) ? choose(path) : fail(say('notUnderstood'));
		}
		if (isExactly(words, MENU_WORDS)) return choose([]);
		const level = nodeAt(menu, state.menuPath) ?? menu;
		const byLabel = level.options.findIndex((o) =>
			isExactly(words, compilePhrases(typeof o.label === 'string' ? [o.label] : Object.values(o.label))),
		);
		if (words.length && byLabel >= 0) return choose([...state.menuPath, byLabel + 1]);
	}

	if (!words.length || isExactly(words, GREETING_WORDS)) {
		const intro = input.newConversation ? [] : [say('greeting')];
		return finish('answered', menu ? showLevel([], say('choose')) : { lines: intro, choices: [], extras: [person] }, { intent: 'greeting' });
	}

	// Answered in the customer's language when the knowledge base has it, else in the phrasing's.
	const inTheirLanguage = (match: KbMatch) => {
		const wanted = told ?? (state.language as Language | null);
		const translated = wanted ? knowledge.translation(match.entry.intent, wanted) : undefined;
		return translated && translated !== match.entry ? { entry: translated, question: translated.questions[0] } : match;
	};
	const decision = decide(decider, knowledge, input.text, settings);
	const repeated = decision.kind === 'answer' && decision.match.entry.intent === state.lastAnswer;
	// What the bot could not answer at once is kept for ops staff to teach it (questions.ts).
	if (decision.kind !== 'answer' || repeated) {
		await recordQuestion(store.db, input.conversationId, input.text, language, decision.kind === 'ask' ? 'asked' : 'unanswered');
	}
	if (decision.kind === 'answer') {
		if (repeated) return fail(say('notHelped'));
		const { entry, question } = inTheirLanguage(decision.match);
		return answer(entry, question, decision.confidence);
	}
	if (decision.kind === 'ask') {
		return fail(
			say('didYouMean'),
			decision.matches.map(inTheirLanguage).map(({ entry, question }) => ({ label: question, payload: PAYLOADS.kb + entry.key })),
		);
	}
	return settings.onUnknown === 'handoff'
		? handOff('not_understood', { detail: `${decision.topic} (${decision.confidence.toFixed(2)})` })
		: fail(say('notUnderstood'));
}
