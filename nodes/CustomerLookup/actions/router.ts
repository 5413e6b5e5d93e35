import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { Db } from '../../shared/store';
import { runOperation, type OperationTable } from '../../node-kit/runner';
import { getStore } from '../../node-kit/store';
import * as createLinkCode from './customer/createLinkCode.operation';
import * as lookUp from './customer/lookUp.operation';
import * as merge from './customer/merge.operation';
import * as updateCard from './customer/updateCard.operation';

/** The node has one resource, the customer, and no resource parameter. */
export const OPERATIONS: OperationTable<Db> = {
	'': { lookUp, updateCard, merge, createLinkCode },
};

/** Customer and Chats Linked: only Look Up Card with Link Chats by Code sends items to the second. */
export function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return runOperation(this, {
		operations: OPERATIONS,
		async open() {
			return (await getStore(this)).db;
		},
		outputs: 2,
	});
}
