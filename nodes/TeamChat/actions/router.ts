import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { Store } from '../../shared/store';
import { runOperation, type OperationTable } from '../../node-kit/runner';
import { getStore } from '../../node-kit/store';
import * as handleTeamMessage from './teamChat/handleTeamMessage.operation';
import * as linkOperator from './teamChat/linkOperator.operation';
import * as postToTeamTopic from './teamChat/postToTeamTopic.operation';
import { OUTPUT } from './teamChat/teamGroup';

export const OPERATIONS: OperationTable<Store> = { '': { handleTeamMessage, linkOperator, postToTeamTopic } };

export function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return runOperation(this, {
		operations: OPERATIONS,
		open() {
			return getStore(this);
		},
		outputs: 2,
		failedOutput: OUTPUT.done,
	});
}
