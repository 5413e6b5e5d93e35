import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { closeAndRelease } from '../../../shared/routing';
import type { Store } from '../../../shared/store';
import { conversationIdOf } from '../../../node-kit/itemFields';
import type { Emitted } from '../../../node-kit/runner';

// The Conversation ID field is shared with the tag operations (see router.ts).
export const description = [];

export async function execute(this: IExecuteFunctions, store: Store, i: number): Promise<Emitted> {
	const id = conversationIdOf(this, i);
	// The operator's slot is freed as when the desk closes it; the next waiting conversation takes it.
	const { nextAssigned } = await closeAndRelease(store, id);
	return { json: { conversation: (await store.conversations.get(id)) as unknown as IDataObject, routing: { nextAssigned } as unknown as IDataObject } };
}
