import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runOperation, type OperationTable } from '../../node-kit/runner';
import { getStore } from '../../node-kit/store';
import { modelNameOf, type TopicModel } from '../helpers/model';
import * as addCorrection from './model/addCorrection.operation';
import * as classify from './model/classify.operation';
import * as retrain from './model/retrain.operation';

/** The node has one resource, the topic model, and no resource parameter. */
export const OPERATIONS: OperationTable<TopicModel> = {
	'': { classify, addCorrection, retrain },
};

const UNSURE = 1;

/** Classified and Unsure: Classify sorts items into them; the other operations use the first. */
export function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return runOperation(this, {
		operations: OPERATIONS,
		async open(_resource, operation) {
			const store = await getStore(this);
			const name = modelNameOf(this);
			return { store, name, classifier: operation === 'classify' ? await classify.classifierFor(this, store, name) : null };
		},
		outputs: 2,
		// An item Classify failed on goes to a person with the unsure ones.
		failedOutput: (_resource, operation) => (operation === 'classify' ? UNSURE : 0),
	});
}
