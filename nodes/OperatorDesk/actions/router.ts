import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { Store } from '../../shared/store';
import { runOperation, type OperationTable } from '../../node-kit/runner';
import { getStore } from '../../node-kit/store';
import * as importCannedReplies from './desk/importCannedReplies.operation';
import * as listCannedReplies from './desk/listCannedReplies.operation';
import * as saveCannedReply from './desk/saveCannedReply.operation';
import * as setPassword from './desk/setPassword.operation';
import * as unlockSignIn from './desk/unlockSignIn.operation';

export const OPERATIONS: OperationTable<Store> = { '': { setPassword, unlockSignIn, saveCannedReply, importCannedReplies, listCannedReplies } };

export function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return runOperation(this, {
		operations: OPERATIONS,
		open() {
			return getStore(this);
		},
	});
}
