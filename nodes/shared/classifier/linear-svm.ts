import { seededRandom, shuffle } from './random';
import type { SparseVector } from './tfidf';

export interface SvmOptions {
	/** Misclassification cost: higher fits the training data more tightly. */
	c: number;
	maxEpochs: number;
	/** Stop once the projected-gradient spread falls below this (liblinear's criterion). */
	tolerance: number;
	seed: number;
}

/** Class scores are `weights[f * classes + k]` summed over a text's features, plus `bias[k]`. */
export interface LinearModel {
	classes: number;
	weights: Float32Array;
	bias: Float32Array;
	/** The dual solution, per class one weight per row: a warm start for training on more rows. */
	alphas: Float64Array[];
}

/**
 * One-vs-rest L2-loss linear SVMs trained by dual coordinate descent with shrinking
 * (Hsieh et al. 2008, the liblinear default): no learning rate to tune, converges in a few
 * passes on sparse text. The bias is a constant feature of value 1, regularised like the rest.
 * `start` (per class, per row) resumes from an earlier solution: the problem is convex, so the
 * result is the same, only reached in fewer passes.
 */
export function trainOneVsRest(rows: SparseVector[], labels: Int32Array, classes: number, dim: number, options: SvmOptions, start?: Float64Array[]): LinearModel {
	const weights = new Float32Array(dim * classes);
	const bias = new Float32Array(classes);
	const random = seededRandom(options.seed);
	const alphas: Float64Array[] = [];
	// Each row's squared length (the bias feature included), shared by every class's problem.
	const norms = Float64Array.from(rows, ({ values }) => values.reduce((sum, v) => sum + v * v, 1));
	for (let k = 0; k < classes; k++) {
		const alpha = start?.[k] ?? new Float64Array(rows.length);
		const w = trainBinary(rows, norms, labels, k, dim, options, random, alpha);
		for (let f = 0; f < dim; f++) weights[f * classes + k] = w[f];
		bias[k] = w[dim];
		alphas.push(alpha);
	}
	return { classes, weights, bias, alphas };
}

/** Dual coordinate descent from `alpha` (updated in place); returns the primal weights, bias last. */
function trainBinary(rows: SparseVector[], norms: Float64Array, labels: Int32Array, positive: number, dim: number, options: SvmOptions, random: () => number, alpha: Float64Array): Float64Array {
	const n = rows.length;
	const w = new Float64Array(dim + 1);
	for (let i = 0; i < n; i++) {
		if (alpha[i] === 0) continue;
		const step = labels[i] === positive ? alpha[i] : -alpha[i];
		const { indices, values } = rows[i];
		for (let j = 0; j < indices.length; j++) w[indices[j]] += step * values[j];
		w[dim] += step;
	}
	const diag = 1 / (2 * options.c);
	const order = Int32Array.from({ length: n }, (_, i) => i);
	let active = n;
	let upperOld = Infinity;
	for (let epoch = 0; epoch < options.maxEpochs; epoch++) {
		shuffle(order, random, active);
		let upper = -Infinity;
		let lower = Infinity;
		for (let s = 0; s < active; s++) {
			const i = order[s];
			const y = labels[i] === positive ? 1 : -1;
			const { indices, values } = rows[i];
			let dot = w[dim];
			for (let j = 0; j < indices.length; j++) dot += w[indices[j]] * values[j];
			const gradient = y * dot - 1 + alpha[i] * diag;
			let projected = gradient;
			if (alpha[i] === 0) {
				if (gradient > upperOld) {
					// Far outside the margin and not a support vector: leave it out until the final check.
					active--;
					order[s] = order[active];
					order[active] = i;
					s--;
					continue;
				}
				if (gradient > 0) projected = 0;
			}
			if (projected > upper) upper = projected;
			if (projected < lower) lower = projected;
			if (Math.abs(projected) > 1e-12) {
				const next = Math.max(alpha[i] - gradient / (norms[i] + diag), 0);
				const step = (next - alpha[i]) * y;
				alpha[i] = next;
				for (let j = 0; j < indices.length; j++) w[indices[j]] += step * values[j];
				w[dim] += step;
			}
		}
		if (upper - lower <= options.tolerance) {
			if (active === n) break;
			active = n;
			upperOld = Infinity;
			continue;
		}
		upperOld = upper <= 0 ? Infinity : upper;
	}
	return w;
}
