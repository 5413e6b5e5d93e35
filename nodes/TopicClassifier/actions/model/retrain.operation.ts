import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Emitted } from '../../../node-kit/runner';
import { ensureModel, importItems, trainingSet } from '../../../shared/topics';
import type { TopicModel } from '../../helpers/model';
import { itemExamples, trainingSourceFields, trainingSourceOf } from '../../helpers/trainingSource';

export const description: INodeProperties[] = trainingSourceFields('retrain', ['file', 'table', 'items', 'store']);

/**
 * Trains the model now on what Classify with the same source would use (or imports the input
 * items first), so that no customer waits for training; an unchanged example set is not
 * retrained. Acts once per execution and returns one item describing the model.
 */
export const runs = 'execution';
export const keepInput = false;

export async function execute(this: IExecuteFunctions, { store, name }: TopicModel): Promise<Emitted> {
	const imported = this.getNodeParameter('trainingSource', 0) === 'items' ? await importItems(store, name, itemExamples(this)) : undefined;
	const { info, origin } = await ensureModel(store, name, await trainingSet(store, name, trainingSourceOf(this)));
	return { json: { model: { ...info }, retrained: origin === 'trained', ...(imported === undefined ? {} : { imported }) } };
}
