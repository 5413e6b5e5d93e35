import { DEFAULT_FEATURES, termCounts } from '../classifier/features';
import { buildVocabulary } from '../classifier/tfidf';
import type { KbEntry } from './knowledgeBase';

/** How well one entry fits a message: through its best phrasing, cosine in [0, 1]. */
export interface KbMatch {
	entry: KbEntry;
	question: string;
	score: number;
}

type Vector = Map<number, number>;

/**
 * The knowledge base as TF-IDF vectors over the classifier's hashed word and character n-grams
 * (typos and transliteration share most n-grams). Each phrasing is a document; a message is
 * compared with all of them by cosine.
 */
export class KnowledgeIndex {
	private readonly idf = new Map<number, number>();
	/** Weight of a message term no phrasing has: as rare as the rarest known term. */
	private readonly unseenIdf: number;
	/** term → phrasings holding it, with the term's weight there. */
	private readonly postings = new Map<number, Array<{ doc: number; weight: number }>>();
	private readonly docs: Array<{ entry: KbEntry; question: string }> = [];

	constructor(readonly entries: readonly KbEntry[]) {
		const counts: Vector[] = [];
		for (const entry of entries) {
			for (const question of entry.questions) {
				this.docs.push({ entry, question });
				counts.push(termCounts(question, DEFAULT_FEATURES));
			}
		}
		const { hashes, idf } = buildVocabulary(counts, 1);
		hashes.forEach((hash, i) => this.idf.set(hash, idf[i]));
		this.unseenIdf = Math.log(1 + counts.length) + 1;
		counts.forEach((doc, i) => {
			for (const [term, weight] of this.weigh(doc)) {
				let list = this.postings.get(term);
				if (!list) this.postings.set(term, (list = []));
				list.push({ doc: i, weight });
			}
		});
	}

	/**
	 * Sublinear TF × IDF, L2-normalised over every term of the text. Terms the knowledge base
	 * lacks count in the norm: a long message that merely contains a known question's words is
	 * less similar to it than the question itself.
	 */
	private weigh(counts: Vector): Vector {
		const weights: Vector = new Map();
		let norm = 0;
		for (const [term, count] of counts) {
			const weight = (1 + Math.log(count)) * (this.idf.get(term) ?? this.unseenIdf);
			weights.set(term, weight);
			norm += weight * weight;
		}
		const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
		for (const [term, weight] of weights) weights.set(term, weight * scale);
		return weights;
	}

	/** Entries by how well they fit the text, best first, one per intent (its best phrasing in any language). */
	rank(text: string): KbMatch[] {
		const scores = new Float64Array(this.docs.length);
		for (const [term, weight] of this.weigh(termCounts(text, DEFAULT_FEATURES))) {
			for (const { doc, weight: docWeight } of this.postings.get(term) ?? []) scores[doc] += weight * docWeight;
		}
		const bestPerIntent = new Map<string, KbMatch>();
		scores.forEach((score, i) => {
			const { entry, question } = this.docs[i];
			const held = bestPerIntent.get(entry.intent);
			if (score > 0 && (!held || score > held.score)) bestPerIntent.set(entry.intent, { entry, question, score });
		});
		return [...bestPerIntent.values()].sort((a, b) => b.score - a.score);
	}

	/** The entry of `intent` in `language`, when the knowledge base has that translation. */
	translation(intent: string, language: string): KbEntry | undefined {
		return this.entries.find((e) => e.intent === intent && e.language === language);
	}

	byKey(key: string): KbEntry | undefined {
		return this.entries.find((e) => e.key === key);
	}
}
