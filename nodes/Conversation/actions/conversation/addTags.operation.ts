import type { IExecuteFunctions } from 'n8n-workflow';

import type { Store } from '../../../shared/store';
import type { Emitted } from '../../../node-kit/runner';
import { changeTags, TAGS_FIELD } from './tags';

export const description = [TAGS_FIELD];

export function execute(this: IExecuteFunctions, store: Store, i: number): Promise<Emitted> {
	return changeTags(this, store, i, 'add');
}
