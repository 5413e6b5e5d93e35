import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { takeAbsentOffline } from '../../../shared/desk';
import { getStore } from '../../../node-kit/store';
import { toJson, type Emitted } from '../../../node-kit/runner';

/** Acts on the whole store: once per execution. */
export const runs = 'execution';

export const description: INodeProperties[] = [];

/**
 * For a schedule: desk calls take absent operators offline too, but only while some desk page is
 * open somewhere. One item per operator taken offline (none when everybody is where they were).
 */
export async function execute(this: IExecuteFunctions): Promise<Emitted[]> {
	const taken = await takeAbsentOffline((await getStore(this)).db);
	return taken.map(({ operator, requeued, was }) => ({ json: toJson({ operator, was, requeued }) }));
}
