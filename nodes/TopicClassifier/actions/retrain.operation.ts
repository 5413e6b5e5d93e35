import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Store } from '../../shared/store';
import { ensureModel, importItems, trainingSet } from '../../shared/topics';
import { itemExamples, trainingSourceFields, trainingSourceOf } from './trainingSource';

export const description: INodeProperties[] = trainingSourceFields('retrain', ['file', 'items', 'store']);

/**
 * Trains the model now on what Classify with the same source would use (or imports the input
 * items first), so that no customer waits for training; an unchanged example set is not
 * retrained. Acts once per execution and returns one item describing the model.
 */
export async function execute(this: IExecuteFunctions, store: Store, modelName: string): Promise<IDataObject> {
	const imported = this.getNodeParameter('trainingSource', 0) === 'items' ? await importItems(store, modelName, itemExamples(this)) : undefined;
	const { info, origin } = await ensureModel(store, modelName, await trainingSet(store, modelName, trainingSourceOf(this)));
	return { model: { ...info }, retrained: origin === 'trained', ...(imported === undefined ? {} : { imported }) };
}
