import { fitTemperature, softmax } from './calibration';
import { DEFAULT_FEATURES, termCounts } from './features';
import type { FeatureConfig } from './features';
import { detectLanguage } from './language';
import type { Language } from './language';
import { trainOneVsRest } from './linear-svm';
import type { LinearModel } from './linear-svm';
import { stratifiedSplit } from './split';
import { buildVocabulary, rarestIdf, weigh } from './tfidf';

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
	/** Share of each topic held out to fit the confidence temperature. */
	calibrationShare?: number;
	seed?: number;
}

export interface TopicScore {
	topic: string;
	confidence: number;
}

export interface Classification extends TopicScore {
	/** The next most likely topics after `topic`, best first (up to 3). */
	alternatives: TopicScore[];
	/** Confidence is below the caller's threshold: hand over to a person or ask again. */
	unsure: boolean;
	language: Language;
}

/** The persisted form: plain JSON, typed arrays as base64 (little-endian). */
export interface SerializedClassifier {
	format: typeof FORMAT;
	version: 1;
	labels: string[];
	features: FeatureConfig;
	temperature: number;
	/** Term hashes the model knows, ascending; row f of the weights belongs to hashes[f]. */
	hashes: string;
	idf: string;
	/** int8 weights, feature-major; class k's real weight is weights[f*K+k] × weightScale[k]. */
	weights: string;
	weightScale: number[];
	bias: number[];
}

const FORMAT = 'contact-center-topic-classifier';
const DEFAULTS = { minDf: 2, c: 1, maxEpochs: 40, calibrationShare: 0.2, seed: 7 };

interface ModelParts {
	labels: string[];
	features: FeatureConfig;
	temperature: number;
	hashes: Uint32Array;
	idf: Float32Array;
	weights: Int8Array;
	weightScale: Float32Array;
	bias: Float32Array;
}

/**
 * Assigns customer messages to topics learned from labelled examples. Training is a pure,
 * seeded function of the examples, so operators' corrections are fed back by retraining on
 * the combined list; the trained model round-trips through JSON for the store.
 */
export class TopicClassifier {
	private readonly parts: ModelParts;
	private readonly featureIndex: Map<number, number>;
	private readonly unknownIdf: number;

	private constructor(parts: ModelParts) {
		this.parts = parts;
		this.unknownIdf = rarestIdf(parts.idf);
		this.featureIndex = new Map();
		parts.hashes.forEach((hash, f) => this.featureIndex.set(hash, f));
	}

	get topics(): string[] {
		return [...this.parts.labels];
	}

	static train(examples: LabelledExample[], options: TrainOptions = {}): TopicClassifier {
		const settings = { ...DEFAULTS, features: DEFAULT_FEATURES, ...options };
		const labels = [...new Set(examples.map((e) => e.label))].sort();
		if (labels.length < 2) throw new Error('Training needs examples of at least two topics');
		const { kept, held } = stratifiedSplit(examples, (e) => e.label, settings.calibrationShare, settings.seed);
		let temperature = 1;
		if (held.length > 0) {
			const probe = TopicClassifier.fit(kept, labels, settings, 1);
			const labelIndex = new Map(labels.map((label, k) => [label, k]));
			temperature = fitTemperature(
				held.map((e) => probe.scores(e.text)),
				held.map((e) => labelIndex.get(e.label)!),
			);
		}
		return TopicClassifier.fit(examples, labels, settings, temperature);
	}

	/** Raw class scores (margins), in `topics` order. */
	scores(text: string): Float64Array {
		const { labels, features, idf, weights, weightScale, bias } = this.parts;
		const classes = labels.length;
		const { indices, values } = weigh(termCounts(text, features), this.featureIndex, idf, this.unknownIdf);
		const sums = new Float64Array(classes);
		for (let j = 0; j < indices.length; j++) {
			const row = indices[j] * classes;
			const value = values[j];
			for (let k = 0; k < classes; k++) sums[k] += weights[row + k] * value;
		}
		for (let k = 0; k < classes; k++) sums[k] = sums[k] * weightScale[k] + bias[k];
		return sums;
	}

	/** `threshold`: the confidence under which the answer is flagged `unsure`. */
	classify(text: string, threshold = 0.5): Classification {
		const probabilities = softmax(this.scores(text), this.parts.temperature);
		const ranked = [...probabilities.keys()].sort((a, b) => probabilities[b] - probabilities[a]);
		const [best, ...rest] = ranked.slice(0, 4).map((k) => ({ topic: this.parts.labels[k], confidence: probabilities[k] }));
		return { ...best, alternatives: rest, unsure: best.confidence < threshold, language: detectLanguage(text) };
	}

	toJSON(): SerializedClassifier {
		const p = this.parts;
		return {
			format: FORMAT,
			version: 1,
			labels: p.labels,
			features: p.features,
			temperature: p.temperature,
			hashes: toBase64(p.hashes),
			idf: toBase64(p.idf),
			weights: toBase64(p.weights),
			weightScale: [...p.weightScale],
			bias: [...p.bias],
		};
	}

	private static fit(examples: LabelledExample[], labels: string[], settings: typeof DEFAULTS & { features: FeatureConfig }, temperature: number): TopicClassifier {
		const docs = examples.map((e) => termCounts(e.text, settings.features));
		const { hashes, idf } = buildVocabulary(docs, settings.minDf);
		const index = new Map<number, number>();
		hashes.forEach((hash, f) => index.set(hash, f));
		const unknownIdf = rarestIdf(idf);
		const rows = docs.map((doc) => weigh(doc, index, idf, unknownIdf));
		const labelIndex = new Map(labels.map((label, k) => [label, k]));
		const targets = Int32Array.from(examples, (e) => labelIndex.get(e.label)!);
		const model = trainOneVsRest(rows, targets, labels.length, hashes.length, { c: settings.c, maxEpochs: settings.maxEpochs, tolerance: 0.1, seed: settings.seed });
		return new TopicClassifier({ labels, features: settings.features, temperature, hashes, idf, bias: model.bias, ...quantise(model) });
	}

	static fromJSON(json: SerializedClassifier | string): TopicClassifier {
		const data: SerializedClassifier = typeof json === 'string' ? JSON.parse(json) : json;
		if (data?.format !== FORMAT || data.version !== 1) throw new Error('Not a serialised topic classifier (format or version mismatch)');
		const parts: ModelParts = {
			labels: data.labels,
			features: data.features,
			temperature: data.temperature,
			hashes: new Uint32Array(fromBase64(data.hashes)),
			idf: new Float32Array(fromBase64(data.idf)),
			weights: new Int8Array(fromBase64(data.weights)),
			weightScale: Float32Array.from(data.weightScale),
			bias: Float32Array.from(data.bias),
		};
		const classes = parts.labels.length;
		const dim = parts.hashes.length;
		if (parts.idf.length !== dim || parts.weights.length !== dim * classes || parts.weightScale.length !== classes || parts.bias.length !== classes) {
			throw new Error('Serialised topic classifier is truncated or inconsistent');
		}
		return new TopicClassifier(parts);
	}
}

/** int8 per class: 4× smaller than float32 with no measurable change in predictions. */
function quantise(model: LinearModel): { weights: Int8Array; weightScale: Float32Array } {
	const { classes, weights } = model;
	const weightScale = new Float32Array(classes);
	for (let i = 0; i < weights.length; i++) {
		const k = i % classes;
		weightScale[k] = Math.max(weightScale[k], Math.abs(weights[i]) / 127);
	}
	const quantised = new Int8Array(weights.length);
	for (let i = 0; i < weights.length; i++) {
		const scale = weightScale[i % classes];
		quantised[i] = scale > 0 ? Math.round(weights[i] / scale) : 0;
	}
	return { weights: quantised, weightScale };
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
