import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { Router } from '../../shared/routing';
import { runOperation, type OperationTable } from '../../node-kit/runner';
import { routerFor } from '../helpers/policy';
import * as escalate from './conversation/escalate.operation';
import * as escalateOverdue from './conversation/escalateOverdue.operation';
import * as queuePosition from './conversation/queuePosition.operation';
import * as release from './conversation/release.operation';
import * as route from './conversation/route.operation';
import * as createOperator from './operator/create.operation';
import * as listOperators from './operator/list.operation';
import * as setStatus from './operator/setStatus.operation';
import * as takeAbsentOffline from './operator/takeAbsentOffline.operation';
import * as updateOperator from './operator/update.operation';
import * as createGroup from './skillGroup/create.operation';
import * as listGroups from './skillGroup/list.operation';
import * as updateGroup from './skillGroup/update.operation';

export const OPERATIONS: OperationTable<Router> = {
	conversation: { route, release, queuePosition, escalate, escalateOverdue },
	operator: { create: createOperator, update: updateOperator, list: listOperators, setStatus, takeAbsentOffline },
	skillGroup: { create: createGroup, update: updateGroup, list: listGroups },
};

/** Route Conversation sorts items into Assigned / Queued / No Group; every other operation has one output. */
export function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return runOperation(this, {
		operations: OPERATIONS,
		open() {
			return routerFor(this);
		},
		outputs: (resource, operation) => (resource === 'conversation' && operation === 'route' ? 5 : 1),
	});
}
