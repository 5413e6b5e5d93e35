import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Router } from '../../../shared/routing';
import { toJson, type Emitted } from '../../../node-kit/runner';

/** Acts on the whole store: once per execution. */
export const runs = 'execution';

export const description: INodeProperties[] = [];

/** One item per escalated conversation (none when nothing was overdue), for the scheduled SLA workflow. */
export async function execute(this: IExecuteFunctions, router: Router): Promise<Emitted[]> {
	const outcomes = await router.escalateOverdue();
	return outcomes.map((outcome) => ({ json: toJson(outcome) }));
}
