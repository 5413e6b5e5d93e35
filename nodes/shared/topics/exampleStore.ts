import type { LabelledExample } from '../classifier';
import { now } from '../store/rows';
import type { Db, Store } from '../store/types';
import { canonicalExamples, exampleKey, type ExampleSource } from './examples';

export interface StoredExample extends LabelledExample {
	source: ExampleSource;
	createdAt: string;
}

/** A model's examples in the store, from the given sources (all when none are named). */
export async function listExamples(store: Store, modelName: string, sources?: readonly ExampleSource[]): Promise<StoredExample[]> {
	const filter = sources?.length ? ` AND source IN (${sources.map(() => '?').join(', ')})` : '';
	const rows = await store.db.query(
		`SELECT source, label, text, created_at FROM training_examples WHERE model_name = ?${filter} ORDER BY id`,
		[modelName, ...(sources ?? [])],
	);
	return rows.map((r) => ({
		source: r.source as ExampleSource,
		label: String(r.label),
		text: String(r.text),
		createdAt: r.created_at instanceof Date ? r.created_at.toISOString() : String(r.created_at),
	}));
}

async function insert(db: Db, modelName: string, source: ExampleSource, examples: LabelledExample[], at: string): Promise<number> {
	let added = 0;
	for (const example of examples) {
		const rows = await db.query(
			`INSERT INTO training_examples (model_name, source, label, text, example_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)
			 ON CONFLICT (model_name, source, example_hash) DO NOTHING RETURNING id`,
			[modelName, source, example.label, example.text, exampleKey(example), at],
		);
		added += rows.length;
	}
	return added;
}

/** Adds examples under one source, skipping ones already there; returns how many were new. */
export function addExamples(store: Store, modelName: string, source: ExampleSource, examples: LabelledExample[]): Promise<number> {
	return store.db.transaction((tx) => insert(tx, modelName, source, canonicalExamples(examples), now()));
}

/** Makes `examples` the whole of one source's examples for a model (a re-imported file or item list). */
export function replaceExamples(store: Store, modelName: string, source: ExampleSource, examples: LabelledExample[]): Promise<number> {
	return store.db.transaction(async (tx) => {
		await tx.query('DELETE FROM training_examples WHERE model_name = ? AND source = ?', [modelName, source]);
		return insert(tx, modelName, source, canonicalExamples(examples), now());
	});
}
