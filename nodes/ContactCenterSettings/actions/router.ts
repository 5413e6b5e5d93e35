import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { Store } from '../../shared/store';
import { runOperation, type OperationTable } from '../../node-kit/runner';
import { getStore } from '../../node-kit/store';
import * as apply from './table/apply.operation';
import * as sampleRows from './table/sampleRows.operation';

export const OPERATIONS: OperationTable<Store> = { '': { apply, sampleRows } };

export function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return runOperation(this, {
		operations: OPERATIONS,
		open() {
			return getStore(this);
		},
	});
}
