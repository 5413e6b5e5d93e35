import type { LabelledExample } from '../classifier';
import type { Store } from '../store/types';
import { listExamples, replaceExamples } from './exampleStore';
import { readExamplesFile, type ExampleColumns } from './files';

/**
 * Where a model's examples come from. A file is read on every use (ops staff edit it in place);
 * operators' corrections in the store are always added on top of it. `store` is every example
 * the store holds for the model: imported items, imported data, corrections.
 */
export type TrainingSource = { kind: 'file'; path: string; columns: ExampleColumns } | { kind: 'store' };

export async function trainingSet(store: Store, modelName: string, source: TrainingSource): Promise<LabelledExample[]> {
	if (source.kind === 'store') return listExamples(store, modelName);
	return [...readExamplesFile(source.path, source.columns), ...(await listExamples(store, modelName, ['operator']))];
}

/** Workflow items become the model's `items` examples, replacing the ones an earlier import left. */
export function importItems(store: Store, modelName: string, examples: LabelledExample[]): Promise<number> {
	return replaceExamples(store, modelName, 'items', examples);
}
