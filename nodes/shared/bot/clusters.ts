import { foldedWords } from './phrases';
import type { LearnableQuestion } from './questions';

/**
 * The report of what the bot could not answer: questions grouped by what they ask, most frequent
 * first, so ops staff see what to add to the knowledge base next.
 */

/** What ops staff approve as it is or edited; Add Approved Phrasings takes it. */
export interface PhrasingProposal {
	/** The customers' phrasings, as they wrote them. */
	questions: string[];
	language: string;
	/** The entry these phrasings ask for, when customers picked one under "did you mean". */
	entryKey: string | null;
	/** For a new entry: its intent and answer (the operators' most frequent first reply, to edit). */
	intent: string | null;
	answer: string | null;
	/** The stored questions this proposal covers; added ones leave the report. */
	questionIds: number[];
}

export interface QuestionCluster {
	count: number;
	languages: Record<string, number>;
	examples: string[];
	operatorAnswers: Array<{ text: string; count: number }>;
	pickedEntries: Array<{ entryKey: string; count: number }>;
	proposal: PhrasingProposal;
}

/** Words that say nothing of what is asked, in the languages the team serves (folded like the questions). */
const FUNCTION_WORDS = new Set(
	foldedWords(
		`a an the i me my you your we our is are am be do does did can could would will to of in on at for with from and or not it this that
		 what when where how why which there have has please hi hello
		 je tu il nous vous mon ma mes votre vos le la les un une des de du en et ou est sont pour avec dans sur pas que qui quoi comment
		 quand où ce cette bonjour merci
		 я ты вы мы мой моя мое мои ваш ваша ваши и или не на в во с со по за к от до что как где когда почему это есть можно ли у мне меня
		 пожалуйста здравствуйте привет
		 і й або не на в у з із зі по за до від що як де коли чому це є можна чи мені мене мій моя моє мої ваш ваша будь ласка вітаю привіт`,
	),
);

/**
 * A question's terms: the letter trigrams of its content words, so that inflections and
 * derivations ("pay"/"payments", "заказ"/"заказа") share most of theirs.
 */
function terms(text: string): string[] {
	const grams = foldedWords(text)
		.filter((w) => !FUNCTION_WORDS.has(w) && !/\d/.test(w))
		.flatMap((w) => {
			const padded = `^${w}$`;
			return Array.from({ length: padded.length - 2 }, (_, i) => padded.slice(i, i + 3));
		});
	return [...new Set(grams)];
}

type Vector = Map<string, number>;

function cosine(a: Vector, b: Vector): number {
	let dot = 0;
	for (const [term, weight] of a) dot += weight * (b.get(term) ?? 0);
	return dot;
}

/**
 * Single-link grouping over TF-IDF vectors of the questions' terms: a question joins the group holding the
 * question most like it when they are at least `similarity` alike, else starts its own. Words
 * every question shares ("order", "please") weigh little, the words that say what is asked weigh most.
 */
export function clusterQuestions<T extends { question: string }>(questions: readonly T[], similarity = 0.4): T[][] {
	const docs = questions.map((q) => terms(q.question));
	const df = new Map<string, number>();
	for (const doc of docs) for (const term of doc) df.set(term, (df.get(term) ?? 0) + 1);
	const vectors = docs.map((doc) => {
		const weights = doc.map((term) => [term, Math.log((docs.length + 1) / ((df.get(term) ?? 0) + 1)) + 1] as const);
		const norm = Math.sqrt(weights.reduce((sum, [, w]) => sum + w * w, 0)) || 1;
		return new Map(weights.map(([term, w]) => [term, w / norm]));
	});
	const groups: number[][] = [];
	vectors.forEach((vector, i) => {
		let best = -1;
		let bestScore = similarity;
		groups.forEach((members, g) => {
			const score = Math.max(...members.map((m) => cosine(vector, vectors[m])));
			if (score >= bestScore) [best, bestScore] = [g, score];
		});
		if (best >= 0) groups[best].push(i);
		else groups.push([i]);
	});
	return groups.map((members) => members.map((m) => questions[m]));
}

/** Values with their counts, most frequent first (ties: first seen first). */
function tally(values: readonly string[]): Array<[string, number]> {
	const counts = new Map<string, number>();
	for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
	return [...counts].sort((a, b) => b[1] - a[1]);
}

export function questionReport(questions: readonly LearnableQuestion[], options: { top: number; examples: number; similarity?: number }): QuestionCluster[] {
	return clusterQuestions(questions, options.similarity)
		.sort((a, b) => b.length - a.length)
		.slice(0, options.top)
		.map((members) => {
			const phrasings = tally(members.map((m) => m.question)).map(([q]) => q);
			const languages = tally(members.map((m) => m.language));
			const answers = tally(members.flatMap((m) => (m.operatorAnswer ? [m.operatorAnswer] : [])));
			const picks = tally(members.flatMap((m) => (m.pickedEntry ? [m.pickedEntry] : [])));
			return {
				count: members.length,
				languages: Object.fromEntries(languages),
				examples: phrasings.slice(0, options.examples),
				operatorAnswers: answers.slice(0, 3).map(([text, count]) => ({ text, count })),
				pickedEntries: picks.map(([entryKey, count]) => ({ entryKey, count })),
				proposal: {
					questions: phrasings,
					language: languages[0][0],
					entryKey: picks[0]?.[0] ?? null,
					intent: null,
					answer: picks.length ? null : (answers[0]?.[0] ?? null),
					questionIds: members.map((m) => m.id),
				},
			};
		});
}
