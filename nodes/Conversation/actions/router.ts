import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { Store } from '../../shared/store';
import { CONVERSATION_ID } from '../../node-kit/itemFields';
import { runOperation, type OperationTable } from '../../node-kit/runner';
import { getStore } from '../../node-kit/store';
import * as addTags from './conversation/addTags.operation';
import * as close from './conversation/close.operation';
import * as logInbound from './conversation/logInbound.operation';
import * as recoverUnanswered from './conversation/recoverUnanswered.operation';
import * as removeTags from './conversation/removeTags.operation';
import * as resolveIdle from './conversation/resolveIdle.operation';

export const OPERATIONS: OperationTable<Store> = { '': { logInbound, addTags, removeTags, close, recoverUnanswered, resolveIdle } };

/** The conversation the tag and close operations act on. */
export const CONVERSATION_FIELD: INodeProperties = { ...CONVERSATION_ID.property, displayOptions: { show: { operation: ['addTags', 'removeTags', 'close'] } } };

/** Log Incoming Message with Take Ratings sorts scores to the second output (Ratings). */
export function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return runOperation(this, {
		operations: OPERATIONS,
		open() {
			return getStore(this);
		},
		outputs(_resource, operation) {
			return operation === 'logInbound' && this.getNodeParameter('takeRatings', 0, false) ? 2 : 1;
		},
	});
}
