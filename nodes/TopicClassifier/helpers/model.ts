import type { IExecuteFunctions } from 'n8n-workflow';

import type { Store } from '../../shared/store';
import type { TopicResult } from '../../shared/topics';

export type Classifier = (text: string) => Promise<TopicResult>;

/** What the operations of one execution share: the store and the model's name, and for Classify the loaded classifier. */
export interface TopicModel {
	store: Store;
	name: string;
	/** Loaded once per execution, and only for Classify: training (or reading a trained model) is the costly part. */
	classifier: Classifier | null;
}

/** The Model Name parameter, refused when empty (it names the examples and the model in the store). */
export function modelNameOf(ctx: IExecuteFunctions): string {
	const name = (ctx.getNodeParameter('modelName', 0) as string).trim();
	if (!name) throw new Error('Model Name is empty');
	return name;
}
