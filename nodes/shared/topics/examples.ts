import { createHash } from 'node:crypto';

import type { LabelledExample } from '../classifier';

/** Where an example came from: a training file, a workflow's items, imported data, an operator's correction, the Topics data table. */
export type ExampleSource = 'file' | 'items' | 'store' | 'operator' | 'table';

export const EXAMPLE_SOURCES: readonly ExampleSource[] = ['file', 'items', 'store', 'operator', 'table'];

/**
 * Bumped when training changes in a way that makes stored models stale (new features, options):
 * it is part of every example-set hash, so the next classification retrains once.
 */
const TRAINING_VERSION = 'topic-classifier/4';

const SEPARATOR = '\u001f';

/** Identity of one example: the same label and text are the same example, from any source. */
export const exampleKey = (e: LabelledExample): string =>
	createHash('sha256').update(`${e.label}${SEPARATOR}${e.text}`).digest('hex');

/**
 * The example set as training sees it: trimmed, empty ones dropped, duplicates removed and in a
 * fixed order. Training is seeded but order-sensitive, so the same set always yields the same
 * model wherever and in whatever order it was gathered.
 */
export function canonicalExamples(examples: Iterable<LabelledExample>): LabelledExample[] {
	const byKey = new Map<string, LabelledExample>();
	for (const raw of examples) {
		const example = { text: String(raw.text ?? '').trim(), label: String(raw.label ?? '').trim() };
		if (!example.text || !example.label) continue;
		byKey.set(exampleKey(example), example);
	}
	return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
}

/** An order-independent fingerprint of an example set (of its canonical form). */
export function examplesHash(examples: Iterable<LabelledExample>): string {
	const hash = createHash('sha256').update(TRAINING_VERSION);
	for (const example of canonicalExamples(examples)) hash.update('\n').update(exampleKey(example));
	return hash.digest('hex');
}
