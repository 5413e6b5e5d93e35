import { quantise, sparseProduct } from './quantised';
import type { QuantisedMatrix } from './quantised';
import { seededRandom, shuffle } from './random';
import type { SparseVector } from './tfidf';

export interface NetworkOptions {
	hidden: number;
	epochs: number;
	learningRate: number;
	/** Share of hidden units silenced at each update. */
	dropout: number;
	/** Share of a text's features hidden at each update: the network learns not to lean on any one word. */
	inputDropout: number;
	/** Input weights start uniform in ±this. */
	initScale: number;
	seed: number;
}

/**
 * One hidden ReLU layer over the TF-IDF row, then softmax. Unlike the linear model it learns
 * which n-grams go together (a fastText-like text embedding); the two disagree on different
 * texts, which is what makes averaging them pay. The hidden layer has no bias, so the logits
 * (less the class prior) scale with the input's length as the linear model's do: a text made
 * mostly of unknown words gets a short row and so a low confidence from both.
 */
export interface Network {
	/** dim × hidden, feature-major. */
	hidden: QuantisedMatrix;
	/** hidden × classes. */
	outputWeights: Float32Array;
	outputBias: Float32Array;
}

export function networkLogits(row: SparseVector, network: Network): Float64Array {
	return outputLogits(sparseProduct(row, network.hidden).map((a) => Math.max(a, 0)), network);
}

/** Class logits from the hidden layer's activations (after ReLU). */
function outputLogits(hidden: ArrayLike<number>, network: Omit<Network, 'hidden'>): Float64Array {
	const { outputWeights, outputBias } = network;
	const classes = outputBias.length;
	const logits = Float64Array.from(outputBias);
	for (let h = 0; h < hidden.length; h++) {
		const a = hidden[h];
		if (a === 0) continue;
		const offset = h * classes;
		for (let k = 0; k < classes; k++) logits[k] += a * outputWeights[offset + k];
	}
	return logits;
}

/** Float weights to resume training from, shaped as `trainNetwork` builds them. */
export interface NetworkStart {
	inputWeights: Float32Array;
	outputWeights: Float32Array;
	outputBias: Float32Array;
}

/**
 * Per-example SGD on cross-entropy with a linearly decaying rate (as fastText does), inverted
 * dropout on the inputs and the hidden layer. Only active hidden units get input-weight updates:
 * with ReLU and dropout that is under half of them, and those updates are most of the cost.
 * `start` (consumed) resumes from earlier weights instead of random ones.
 */
export function trainNetwork(rows: SparseVector[], labels: Int32Array, classes: number, dim: number, options: NetworkOptions, start?: NetworkStart): Network {
	const { hidden, learningRate, dropout } = options;
	const random = seededRandom(options.seed);
	const outputRange = Math.sqrt(6 / (hidden + classes));
	const { inputWeights, outputWeights, outputBias } = start ?? {
		inputWeights: new Float32Array(dim * hidden).map(() => (random() * 2 - 1) * options.initScale),
		outputWeights: new Float32Array(hidden * classes).map(() => (random() * 2 - 1) * outputRange),
		outputBias: new Float32Array(classes),
	};
	const output = { outputWeights, outputBias };

	const activation = new Float64Array(hidden);
	const active = new Int32Array(hidden);
	// The active units' first output weight and their activation.
	const activeOffsets = new Int32Array(hidden);
	const activeValues = new Float64Array(hidden);
	const hiddenGradient = new Float64Array(hidden);
	const error = new Float64Array(classes);
	const keep = 1 - dropout;
	const inputKeep = 1 - options.inputDropout;
	const longest = rows.reduce((most, row) => Math.max(most, row.indices.length), 0);
	// The kept features' first input weight and their value after input dropout's scaling.
	const keptOffsets = new Int32Array(longest);
	const keptValues = new Float64Array(longest);
	const order = Int32Array.from({ length: rows.length }, (_, i) => i);
	const { epochs } = options;
	const steps = epochs * rows.length;
	let step = 0;
	for (let epoch = 0; epoch < epochs; epoch++) {
		shuffle(order, random);
		for (const i of order) {
			const rate = learningRate * (1 - step++ / steps);
			const { indices, values } = rows[i];
			let keptCount = 0;
			for (let j = 0; j < indices.length; j++) {
				if (random() < inputKeep) {
					keptOffsets[keptCount] = indices[j] * hidden;
					keptValues[keptCount++] = values[j] / inputKeep;
				}
			}
			rowSums(inputWeights, keptOffsets, keptValues, keptCount, null, activation);
			let activeCount = 0;
			for (let h = 0; h < hidden; h++) {
				if (activation[h] > 0 && random() < keep) {
					activation[h] /= keep;
					activeOffsets[activeCount] = h * classes;
					activeValues[activeCount] = activation[h];
					active[activeCount++] = h;
				} else activation[h] = 0;
			}
			// Softmax minus the one-hot target: the gradient of cross-entropy at the logits.
			rowSums(outputWeights, activeOffsets, activeValues, activeCount, outputBias, error);
			let max = -Infinity;
			for (let k = 0; k < classes; k++) max = Math.max(max, error[k]);
			let sum = 0;
			for (let k = 0; k < classes; k++) sum += error[k] = Math.exp(error[k] - max);
			for (let k = 0; k < classes; k++) error[k] /= sum;
			error[labels[i]] -= 1;

			for (let a = 0; a < activeCount; a++) {
				const h = active[a];
				const offset = h * classes;
				const outputRate = rate * activation[h];
				let gradient = 0;
				for (let k = 0; k < classes; k++) {
					gradient += outputWeights[offset + k] * error[k];
					outputWeights[offset + k] -= outputRate * error[k];
				}
				hiddenGradient[a] = (rate * gradient) / keep;
			}
			for (let k = 0; k < classes; k++) outputBias[k] -= rate * error[k];
			for (let e = 0; e < keptCount; e++) {
				const offset = keptOffsets[e];
				const value = keptValues[e];
				for (let a = 0; a < activeCount; a++) inputWeights[offset + active[a]] -= value * hiddenGradient[a];
			}
		}
	}
	return { hidden: quantise(inputWeights, hidden), ...output };
}

/**
 * `sums[j]`: `start[j]` (0 without it) plus, over the listed rows in order, `values[r]` times
 * `weights[offsets[r] + j]`; the input layer's kept features and the output layer's active units
 * alike. Eight columns at a time in locals, so the sums stay in registers over the rows instead of
 * being stored back to the array at each one; the same additions in the same order as one column
 * at a time.
 */
function rowSums(weights: Float32Array, offsets: Int32Array, values: Float64Array, count: number, start: Float32Array | null, sums: Float64Array): void {
	const width = sums.length;
	let j = 0;
	for (; j + 8 <= width; j += 8) {
		let s0 = start === null ? 0 : start[j];
		let s1 = start === null ? 0 : start[j + 1];
		let s2 = start === null ? 0 : start[j + 2];
		let s3 = start === null ? 0 : start[j + 3];
		let s4 = start === null ? 0 : start[j + 4];
		let s5 = start === null ? 0 : start[j + 5];
		let s6 = start === null ? 0 : start[j + 6];
		let s7 = start === null ? 0 : start[j + 7];
		for (let r = 0; r < count; r++) {
			const o = offsets[r] + j;
			const v = values[r];
			s0 += weights[o] * v;
			s1 += weights[o + 1] * v;
			s2 += weights[o + 2] * v;
			s3 += weights[o + 3] * v;
			s4 += weights[o + 4] * v;
			s5 += weights[o + 5] * v;
			s6 += weights[o + 6] * v;
			s7 += weights[o + 7] * v;
		}
		sums[j] = s0;
		sums[j + 1] = s1;
		sums[j + 2] = s2;
		sums[j + 3] = s3;
		sums[j + 4] = s4;
		sums[j + 5] = s5;
		sums[j + 6] = s6;
		sums[j + 7] = s7;
	}
	for (; j < width; j++) {
		let s = start === null ? 0 : start[j];
		for (let r = 0; r < count; r++) s += weights[offsets[r] + j] * values[r];
		sums[j] = s;
	}
}
