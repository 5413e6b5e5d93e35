import type { IExecuteFunctions } from 'n8n-workflow';

import type { Store } from '../../../shared/store';
import type { Emitted } from '../../../node-kit/runner';
import { changeTags } from './tags';

// The Tags field is Add Tags' (shown for both operations).
export const description = [];

export function execute(this: IExecuteFunctions, store: Store, i: number): Promise<Emitted> {
	return changeTags(this, store, i, 'remove');
}
