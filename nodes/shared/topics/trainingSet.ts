import type { LabelledExample } from '../classifier';
import type { Store } from '../store/types';
import { listExamples, replaceExamples } from './exampleStore';
import { readExamplesFile, type ExampleColumns } from './files';

type FileSource = { kind: 'file'; path: string; columns: ExampleColumns };

/**
 * Where a model's examples come from. A file is read on every use (ops staff edit it in place);
 * operators' corrections in the store are always added on top of it. `store` is every example
 * the store holds for the model: imported items, imported data, corrections. `table` is the
 * Topics data table as the admin workflow last applied it, and the file while that table is empty.
 */
export type TrainingSource = FileSource | { kind: 'store' } | { kind: 'table'; file: FileSource };

export async function trainingSet(store: Store, modelName: string, source: TrainingSource): Promise<LabelledExample[]> {
	if (source.kind === 'store') return listExamples(store, modelName);
	// Both sources in one statement: a classification reads its training set on every execution.
	const held = await listExamples(store, modelName, source.kind === 'table' ? ['table', 'operator'] : ['operator']);
	const corrections = held.filter((e) => e.source === 'operator');
	const table = held.filter((e) => e.source === 'table');
	if (table.length) return [...table, ...corrections];
	const { path, columns } = source.kind === 'table' ? source.file : source;
	return [...readExamplesFile(path, columns), ...corrections];
}

/** Workflow items become the model's `items` examples, replacing the ones an earlier import left. */
export function importItems(store: Store, modelName: string, examples: LabelledExample[]): Promise<number> {
	return replaceExamples(store, modelName, 'items', examples);
}
