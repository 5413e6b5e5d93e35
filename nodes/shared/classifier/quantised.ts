import type { SparseVector } from './tfidf';

/**
 * A feature-major matrix stored as int8 with one scale per column: 4× smaller than float32 with
 * no measurable change in predictions. Column c of row f is `values[f * columns + c] × scale[c]`.
 */
export interface QuantisedMatrix {
	columns: number;
	values: Int8Array;
	scale: Float32Array;
}

export function quantise(weights: Float32Array, columns: number): QuantisedMatrix {
	const scale = new Float32Array(columns);
	for (let i = 0; i < weights.length; i++) {
		const c = i % columns;
		scale[c] = Math.max(scale[c], Math.abs(weights[i]) / 127);
	}
	const values = new Int8Array(weights.length);
	for (let i = 0; i < weights.length; i++) {
		const s = scale[i % columns];
		values[i] = s > 0 ? Math.round(weights[i] / s) : 0;
	}
	return { columns, values, scale };
}

/** `bias + row × matrix`, for a sparse row. */
export function sparseProduct(row: SparseVector, matrix: QuantisedMatrix, bias?: Float32Array): Float64Array {
	const { columns, values: weights, scale } = matrix;
	const { indices, values } = row;
	const sums = new Float64Array(columns);
	for (let j = 0; j < indices.length; j++) {
		const offset = indices[j] * columns;
		const value = values[j];
		for (let c = 0; c < columns; c++) sums[c] += weights[offset + c] * value;
	}
	for (let c = 0; c < columns; c++) sums[c] = sums[c] * scale[c] + (bias?.[c] ?? 0);
	return sums;
}

/** Row f of the result is row `from[f]` of the matrix in real values, zeros where `from[f]` is -1. */
export function dequantiseRows(matrix: QuantisedMatrix, from: Int32Array): Float32Array {
	const { columns, values, scale } = matrix;
	const result = new Float32Array(from.length * columns);
	from.forEach((row, f) => {
		if (row < 0) return;
		for (let c = 0; c < columns; c++) result[f * columns + c] = values[row * columns + c] * scale[c];
	});
	return result;
}
