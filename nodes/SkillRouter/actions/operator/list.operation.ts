import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Router } from '../../../shared/routing';
import { toJson, type Emitted } from '../../../node-kit/runner';

/** Acts on the whole store: once per execution. */
export const runs = 'execution';

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, router: Router): Promise<Emitted[]> {
	return (await router.operators.list()).map((operator) => ({ json: toJson(operator) }));
}
