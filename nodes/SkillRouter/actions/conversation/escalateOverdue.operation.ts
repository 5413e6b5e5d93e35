import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Router } from '../../../shared/routing';
import { toJson, type Emitted } from '../../helpers/types';

export const description: INodeProperties[] = [];

/** One item per escalated conversation (none when nothing was overdue), for the scheduled SLA workflow. */
export async function execute(this: IExecuteFunctions, router: Router): Promise<Emitted[]> {
	const outcomes = await router.escalateOverdue();
	return outcomes.map((outcome) => ({ output: 0, json: toJson(outcome) }));
}
