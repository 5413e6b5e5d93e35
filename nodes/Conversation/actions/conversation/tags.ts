import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Store } from '../../../shared/store';
import { conversationIdOf } from '../../../node-kit/itemFields';
import type { Emitted } from '../../../node-kit/runner';

/** The Tags field of Add Tags and Remove Tags. */
export const TAGS_FIELD: INodeProperties = {
	displayName: 'Tags',
	name: 'tags',
	type: 'string',
	default: '',
	placeholder: 'refund, vip-callback',
	description: 'Comma-separated',
	displayOptions: { show: { operation: ['addTags', 'removeTags'] } },
};

const tagsOf = (value: string) =>
	value
		.split(',')
		.map((t) => t.trim().toLowerCase())
		.filter(Boolean);

/** Adds or removes the field's tags on the item's conversation; the item leaves with the tags now on it and the conversation. */
export async function changeTags(ctx: IExecuteFunctions, store: Store, i: number, change: 'add' | 'remove'): Promise<Emitted> {
	const id = conversationIdOf(ctx, i);
	const tags = tagsOf(ctx.getNodeParameter('tags', i) as string);
	const now = change === 'add' ? await store.conversations.addTags(id, tags) : await store.conversations.removeTags(id, tags);
	return { json: { tags: now, conversation: (await store.conversations.get(id)) as never } };
}
