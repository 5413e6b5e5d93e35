import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { tokenize } from './normalize';
import type { SparseVector } from './tfidf';

/** Pretrained English word vectors (GloVe), int8 per word with a scale; see scripts/build-word-vectors.mjs. */
export interface WordVectors {
	dimensions: number;
	index: Map<string, number>;
	scales: Float32Array;
	values: Int8Array;
}

const FOLDER = 'word-vectors';
const NAME = 'en-glove';

/** The built folder: beside the compiled code (dist/word-vectors) or, from the sources, under dist/. */
function vectorsFolder(): string | null {
	// Bench scripts load these sources as ES modules, where only the working folder is known.
	const start = typeof __dirname === 'string' ? __dirname : process.cwd();
	for (let dir = start; dir !== dirname(dir); dir = dirname(dir)) {
		for (const folder of [join(dir, FOLDER), join(dir, 'dist', FOLDER)]) {
			if (existsSync(join(folder, `${NAME}.bin`))) return folder;
		}
	}
	return null;
}

let loaded: WordVectors | null | undefined;

/** The pack's English word vectors, read once per process; null when it was built without them. */
export function englishWordVectors(): WordVectors | null {
	if (loaded !== undefined) return loaded;
	const folder = vectorsFolder();
	if (!folder) return (loaded = null);
	const bytes = readFileSync(join(folder, `${NAME}.bin`));
	const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
	const [count, dimensions] = new Uint32Array(buffer, 0, 2);
	const words = readFileSync(join(folder, `${NAME}.words.txt`), 'utf8').split('\n');
	if (words.length !== count) throw new Error(`Word vectors in ${folder} are inconsistent: ${words.length} words, ${count} vectors`);
	loaded = {
		dimensions,
		index: new Map(words.map((word, w) => [word, w])),
		scales: new Float32Array(buffer, 8, count),
		values: new Int8Array(buffer, 8 + 4 * count, count * dimensions),
	};
	return loaded;
}

/**
 * A text as the mean of its words' vectors weighted by `weightOf` (the model's IDF for the word,
 * so "card" counts more than "my"). Words without a vector (other languages, typos) add nothing;
 * a text with none gives zeros.
 */
export function vectorRow(text: string, vectors: WordVectors, weightOf: (word: string) => number): Float32Array {
	const { dimensions, index, scales, values } = vectors;
	const row = new Float32Array(dimensions);
	let total = 0;
	for (const word of tokenize(text)) {
		const w = index.get(word);
		if (w === undefined) continue;
		const weight = weightOf(word);
		total += weight;
		const scaled = weight * scales[w];
		for (let d = 0; d < dimensions; d++) row[d] += scaled * values[w * dimensions + d];
	}
	if (total > 0) for (let d = 0; d < dimensions; d++) row[d] /= total;
	return row;
}

/**
 * A sparse row with the text's `vectorRow`, less `center`, appended as features `offset`,
 * `offset + 1`, …, scaled to length `scale`: the n-gram part of a weighed row has length 1, so
 * `scale` sets how much the vectors weigh against it. Centred on the training texts' mean (which
 * all mean vectors share a large part of), the SVM needs fewer passes: on an 80/20 split of
 * Banking77, 20 s of training CPU instead of 33 s, and the ensemble 92.1 % instead of 91.9 %. A
 * text without known words gets nothing appended.
 */
export function withWordVectors(row: SparseVector, offset: number, text: string, vectors: WordVectors, center: Float32Array, scale: number, weightOf: (word: string) => number): SparseVector {
	const dense = vectorRow(text, vectors, weightOf);
	if (dense.every((v) => v === 0)) return row;
	for (let d = 0; d < dense.length; d++) dense[d] -= center[d];
	let squares = 0;
	for (let d = 0; d < dense.length; d++) squares += dense[d] * dense[d];
	const norm = Math.sqrt(squares);
	if (norm === 0) return row;
	const length = row.indices.length;
	const indices = new Int32Array(length + dense.length);
	const values = new Float32Array(length + dense.length);
	indices.set(row.indices);
	values.set(row.values);
	for (let d = 0; d < dense.length; d++) {
		indices[length + d] = offset + d;
		values[length + d] = (dense[d] * scale) / norm;
	}
	return { indices, values };
}
