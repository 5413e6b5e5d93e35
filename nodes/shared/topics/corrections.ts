import type { Store } from '../store/types';
import { addExamples } from './exampleStore';

export interface Correction {
	modelName: string;
	text: string;
	topic: string;
	/** False when the store already held this text under this topic. */
	added: boolean;
}

/**
 * An operator's verdict on a text, kept as an `operator` example of the model. It joins every
 * later training set, so the next classification retrains once with it.
 */
export async function recordCorrection(store: Store, modelName: string, text: string, topic: string): Promise<Correction> {
	if (!text.trim() || !topic.trim()) throw new Error('A correction needs both the text and the topic.');
	const added = (await addExamples(store, modelName, 'operator', [{ text, label: topic }])) > 0;
	return { modelName, text: text.trim(), topic: topic.trim(), added };
}
