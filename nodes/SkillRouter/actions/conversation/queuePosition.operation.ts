import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Router } from '../../../shared/routing';
import { conversationIdField, conversationIdOf } from '../../helpers/params';
import { toJson, type Emitted } from '../../../node-kit/runner';

export const description: INodeProperties[] = [conversationIdField(['queuePosition'])];

/**
 * `tellCustomer` is true when the place moved enough since the customer was last told (by Route
 * or by this operation), and that new place is then remembered as told.
 */
export async function execute(this: IExecuteFunctions, router: Router, i: number): Promise<Emitted[]> {
	const id = conversationIdOf(this, i);
	const place = await router.place(id);
	if (place?.changedMaterially) await router.markTold(id, place);
	const queue = place
		? {
				waiting: true,
				position: place.position,
				expectedWaitSeconds: place.expectedWaitSeconds,
				expectedWaitMinutes: Math.ceil(place.expectedWaitSeconds / 60),
				tellCustomer: place.changedMaterially,
			}
		: { waiting: false, tellCustomer: false };
	return [{ json: { queue: toJson(queue) } }];
}
