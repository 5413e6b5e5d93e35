import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Router } from '../../../shared/routing';
import { toJson, type Emitted } from '../../helpers/types';

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, router: Router): Promise<Emitted[]> {
	return (await router.operators.list()).map((operator) => ({ output: 0, json: toJson(operator) }));
}
