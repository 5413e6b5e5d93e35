import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { Store } from '../../shared/store';
import { runOperation, type OperationTable } from '../../node-kit/runner';
import { getStore } from '../../node-kit/store';
import * as operators from './report/operators.operation';
import * as sla from './report/sla.operation';
import * as topics from './report/topics.operation';

export const OPERATIONS: OperationTable<Store> = { '': { topics, operators, sla } };

export function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return runOperation(this, {
		operations: OPERATIONS,
		open() {
			return getStore(this);
		},
	});
}
