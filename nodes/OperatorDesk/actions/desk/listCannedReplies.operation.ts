import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { listCannedReplies } from '../../../shared/desk';
import type { Store } from '../../../shared/store';
import type { Emitted } from '../../../node-kit/runner';

export const runs = 'execution';

export const description = [];

export async function execute(this: IExecuteFunctions, store: Store): Promise<Emitted[]> {
	return (await listCannedReplies(store.db)).map((reply) => ({ json: reply as unknown as IDataObject }));
}
