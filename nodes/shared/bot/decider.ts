import type { LabelledExample, TopicClassifier, TopicScore } from '../classifier';
import type { Store } from '../store';
import { ensureModel } from '../topics/models';
import { calibrate, type Calibration } from './calibration';
import type { KbEntry } from './knowledgeBase';
import type { KbMatch, KnowledgeIndex } from './matcher';

/**
 * The classifier the bot decides with: trained on the knowledge base's phrasings, each entry as
 * its topic, and on the topics customers write about, so a question the knowledge base does not
 * answer is recognised as one of those instead of being pulled to the nearest entry.
 */
export interface Decider {
	classifier: TopicClassifier;
	/** The topics the knowledge base answers, with the entries (intents, languages) that answer each. */
	answers: ReadonlyMap<string, readonly KbEntry[]>;
	calibration: Calibration;
}

export interface DecisionSettings {
	/** Calibrated confidence the classifier's topic needs before the bot answers; null: the knowledge base's calibrated cut. */
	cut: number | null;
	/** Below the cut, the top two topics' confidence together above which the bot asks which one was meant. */
	askAbove: number;
	/** Similarity (0–1) the message needs with one of the topic's phrasings: the entry must match, not only the topic. */
	matchFloor: number;
}

export type Decision =
	| { kind: 'answer'; match: KbMatch; confidence: number }
	| { kind: 'ask'; matches: KbMatch[] }
	| { kind: 'handoff'; topic: string; confidence: number };

/** The topic an entry answers: its intent or the first tag that names one of `topics`, else its intent. */
export function topicOf(entry: Pick<KbEntry, 'intent' | 'tags'>, topics: ReadonlySet<string>): string {
	return [entry.intent, ...entry.tags].find((t) => topics.has(t)) ?? entry.intent;
}

/** The classifier's examples: every phrasing under its entry's topic, then the topic set's own. */
export function decisionExamples(entries: readonly KbEntry[], topicExamples: readonly LabelledExample[]): LabelledExample[] {
	const topics = new Set(topicExamples.map((e) => e.label));
	return [...entries.flatMap((entry) => entry.questions.map((text) => ({ text, label: topicOf(entry, topics) }))), ...topicExamples];
}

/** Deciders built in this process, per knowledge index and topic set: both are reused objects while unchanged. */
const built = new WeakMap<KnowledgeIndex, WeakMap<readonly LabelledExample[], Promise<Decider>>>();

/**
 * The decider for a knowledge base: its classifier from memory or the store when trained on the
 * same examples, trained (and stored as `modelName`) otherwise; the cut calibrated on the
 * examples the classifier held out while training.
 */
export function prepareDecider(
	store: Store,
	modelName: string,
	knowledge: KnowledgeIndex,
	topicExamples: readonly LabelledExample[] = [],
): Promise<Decider> {
	let forIndex = built.get(knowledge);
	if (!forIndex) built.set(knowledge, (forIndex = new WeakMap()));
	let decider = forIndex.get(topicExamples);
	if (!decider) {
		decider = buildDecider(store, modelName, knowledge.entries, topicExamples);
		forIndex.set(topicExamples, decider);
		decider.catch(() => forIndex.delete(topicExamples));
	}
	return decider;
}

async function buildDecider(
	store: Store,
	modelName: string,
	entries: readonly KbEntry[],
	topicExamples: readonly LabelledExample[],
): Promise<Decider> {
	const examples = decisionExamples(entries, topicExamples);
	if (new Set(examples.map((e) => e.label)).size < 2) {
		throw new Error('The bot needs two topics to tell apart: a knowledge base of two entries or more, or the topics customers write about');
	}
	const { classifier } = await ensureModel(store, modelName, examples);
	const topics = new Set(topicExamples.map((e) => e.label));
	const answers = new Map<string, KbEntry[]>();
	for (const entry of entries) {
		const topic = topicOf(entry, topics);
		answers.set(topic, [...(answers.get(topic) ?? []), entry]);
	}
	return { classifier, answers, calibration: calibrate(classifier.heldOut, new Set(answers.keys())) };
}

/**
 * The confidence a topic needs to be offered as a "did you mean" button. The top two may be likely
 * together only because the first, a topic the knowledge base does not answer, is all but certain:
 * a job application is then no reason to ask "did you mean: where is my order?".
 */
const OFFER_FLOOR = 0.05;

/** One text judged on its own: the classifier's view of it, and the entry that answers it if the bot may. */
interface Reading {
	topic: string;
	confidence: number;
	alternatives: TopicScore[];
	/** The entry of its topic that answers it, when sure enough, with evidence enough, of a topic the knowledge base answers. */
	answer: KbMatch | undefined;
	/** Evidence enough to be about its topic, whatever the confidence: a question of its own. */
	weighty: boolean;
	matchOf: (score: TopicScore) => KbMatch | undefined;
}

function read(decider: Decider, knowledge: KnowledgeIndex, text: string, settings: DecisionSettings): Reading {
	const { topic, confidence, alternatives, evidence } = decider.classifier.classify(text);
	const floor = decider.calibration.evidenceFloor;
	const weighty = floor === null || evidence >= floor;
	// Ranked against the phrasings only when an entry is wanted: most sentences of a long message need only their topic.
	let ranked: KbMatch[] | undefined;
	const matchOf = (score: TopicScore) => {
		const entries = decider.answers.get(score.topic);
		return entries && (ranked ??= knowledge.rank(text)).find((m) => m.score >= settings.matchFloor && entries.includes(m.entry));
	};
	const answer = weighty && confidence >= (settings.cut ?? decider.calibration.cut) ? matchOf({ topic, confidence }) : undefined;
	return { topic, confidence, alternatives, answer, weighty, matchOf };
}

/**
 * A message's sentences. People write to a company between a greeting and a thanks, or tell what
 * happened before they ask; judged whole, such a message has less evidence of its question than the
 * question alone, and is asked about when it could be answered.
 */
function sentencesOf(text: string): string[] {
	return text
		.split(/(?<=[.!?\u2026])\s+|\n+/)
		.map((s) => s.trim())
		.filter(Boolean);
}

/**
 * Answer when the classifier names a topic the knowledge base answers, sure enough and with
 * evidence enough, and one of that topic's entries matches the message; ask when the top two
 * together are likely but the answer is not that sure; otherwise the question is for a person.
 * A message the bot cannot answer whole is answered by its one sentence it can, when no other
 * sentence is about another topic: "Hi! Where is my order? Thanks" is about the order, while
 * "My card was declined. How do I top up?" asks two things and is not answered by one.
 */
export function decide(decider: Decider, knowledge: KnowledgeIndex, text: string, settings: DecisionSettings): Decision {
	const whole = read(decider, knowledge, text, settings);
	if (whole.answer) return { kind: 'answer', match: whole.answer, confidence: whole.confidence };
	const sentences = sentencesOf(text);
	if (sentences.length > 1) {
		const readings = sentences.map((sentence) => read(decider, knowledge, sentence, settings));
		const sure = readings.filter((r) => r.answer).sort((a, b) => b.confidence - a.confidence)[0];
		if (sure?.answer && readings.every((r) => r.topic === sure.topic || !r.weighty)) {
			return { kind: 'answer', match: sure.answer, confidence: sure.confidence };
		}
	}
	const { topic, confidence, alternatives, matchOf } = whole;
	const second = alternatives[0];
	if (second && confidence + second.confidence >= settings.askAbove) {
		const candidates: Array<[KbMatch | undefined, number]> = [
			[matchOf({ topic, confidence }), confidence],
			[matchOf(second), second.confidence],
		];
		const offered = candidates.flatMap(([match, sure]) => (match && sure >= OFFER_FLOOR ? [match] : []));
		if (offered.length) return { kind: 'ask', matches: offered };
	}
	return { kind: 'handoff', topic, confidence };
}
