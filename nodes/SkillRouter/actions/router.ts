import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Operation } from '../helpers/types';
import { routerFor } from '../helpers/policy';
import * as escalate from './conversation/escalate.operation';
import * as escalateOverdue from './conversation/escalateOverdue.operation';
import * as queuePosition from './conversation/queuePosition.operation';
import * as release from './conversation/release.operation';
import * as route from './conversation/route.operation';
import * as createOperator from './operator/create.operation';
import * as listOperators from './operator/list.operation';
import * as setStatus from './operator/setStatus.operation';
import * as updateOperator from './operator/update.operation';
import * as createGroup from './skillGroup/create.operation';
import * as listGroups from './skillGroup/list.operation';
import * as updateGroup from './skillGroup/update.operation';

export const OPERATIONS: Record<string, Record<string, Operation>> = {
	conversation: { route, release, queuePosition, escalate, escalateOverdue },
	operator: { create: createOperator, update: updateOperator, list: listOperators, setStatus },
	skillGroup: { create: createGroup, update: updateGroup, list: listGroups },
};

/** Operations that act on the whole store rather than on each item: they run once per execution. */
const ONCE = new Set(['escalateOverdue', 'list']);

/** Runs the chosen operation for every item; Route Conversation sorts items into its three outputs. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const op = OPERATIONS[resource]?.[operation];
	if (!op) throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported.`);
	const routes = resource === 'conversation' && operation === 'route';
	const outputs: INodeExecutionData[][] = routes ? [[], [], []] : [[]];
	const skillRouter = await routerFor(this);
	const items = this.getInputData();
	const count = ONCE.has(operation) ? Math.min(1, items.length) : items.length;
	for (let i = 0; i < count; i++) {
		try {
			for (const { output, json } of await op.execute.call(this, skillRouter, i)) {
				outputs[output].push({ json, pairedItem: { item: i } });
			}
		} catch (error) {
			if (!this.continueOnFail()) throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
			outputs[0].push({ json: { ...items[i].json, error: (error as Error).message }, pairedItem: { item: i } });
		}
	}
	return outputs;
}
