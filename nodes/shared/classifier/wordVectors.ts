import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { tokenize } from './normalize';

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
 * A text as one dense row over the vectors of its words: their mean weighted by `weightOf` (the
 * model's IDF for the word, so "card" counts more than "my"), then their per-dimension maximum,
 * then a constant 1. Words without a vector (other languages, typos) add nothing; a text with
 * none gives only the constant, so this model then leans on the topics' prior alone.
 */
export function vectorRow(text: string, vectors: WordVectors, weightOf: (word: string) => number): Float32Array {
	const { dimensions, index, scales, values } = vectors;
	const row = new Float32Array(2 * dimensions + 1);
	const max = new Float32Array(dimensions).fill(-Infinity);
	let total = 0;
	for (const word of tokenize(text)) {
		const w = index.get(word);
		if (w === undefined) continue;
		const weight = weightOf(word);
		total += weight;
		for (let d = 0; d < dimensions; d++) {
			const value = values[w * dimensions + d] * scales[w];
			row[d] += weight * value;
			if (value > max[d]) max[d] = value;
		}
	}
	if (total > 0) {
		for (let d = 0; d < dimensions; d++) {
			row[d] /= total;
			row[dimensions + d] = max[d];
		}
	}
	row[2 * dimensions] = 1;
	return row;
}
