import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runOperation, type OperationTable } from '../../node-kit/runner';
import { sendersFor } from '../../node-kit/senders';
import { getStore } from '../../node-kit/store';
import * as progress from './notification/progress.operation';
import * as runCampaign from './notification/runCampaign.operation';
import * as sendDue from './notification/sendDue.operation';
import * as sendOne from './notification/sendOne.operation';
import type { NotifyShared } from './notification/shared';

export const OPERATIONS: OperationTable<NotifyShared> = { '': { sendOne, runCampaign, sendDue, progress } };

export function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return runOperation(this, {
		operations: OPERATIONS,
		async open(_resource, operation) {
			// Reading progress sends nothing: no channel credential is read for it.
			return { store: await getStore(this), senders: operation === 'progress' ? {} : await sendersFor(this) };
		},
		outputs: 2,
	});
}
