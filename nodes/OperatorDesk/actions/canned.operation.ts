import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { importCannedReplies, listCannedReplies, saveCannedReply, type CannedInput } from '../../shared/desk';
import type { Store } from '../../shared/store';

const VARIABLES =
	'Variables filled when an operator inserts it: {{customer.name}}, {{customer.phone}}, {{customer.email}}, {{customer.fields.orderNumber}} (any card field), {{operator.name}}, {{conversation.topic}}.';

export const saveDescription: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		description: 'What operators search for; a reply with the same name and language is replaced',
		displayOptions: { show: { operation: ['saveCannedReply'] } },
	},
	{
		displayName: 'Text',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		description: VARIABLES,
		displayOptions: { show: { operation: ['saveCannedReply'] } },
	},
	{
		displayName: 'Topic',
		name: 'topic',
		type: 'string',
		default: '',
		description: 'Operators find it by topic too, and it comes first in conversations of this topic; empty = any',
		displayOptions: { show: { operation: ['saveCannedReply'] } },
	},
	{
		displayName: 'Language',
		name: 'language',
		type: 'string',
		default: '',
		placeholder: 'en',
		description: 'Offered in conversations in this language; empty = every language',
		displayOptions: { show: { operation: ['saveCannedReply'] } },
	},
];

export const importDescription: INodeProperties[] = [
	{
		displayName: 'Replies',
		name: 'replies',
		type: 'json',
		default: "={{ $('Canned Replies').all().map(item => item.json) }}",
		description: `Rows with the columns name, body, topic, language (a sheet or table node's items). ${VARIABLES}`,
		displayOptions: { show: { operation: ['importCannedReplies'] } },
	},
	{
		displayName: 'Replace Existing Replies',
		name: 'replace',
		type: 'boolean',
		default: true,
		description: 'Whether replies missing from this import are removed, so the store mirrors the sheet',
		displayOptions: { show: { operation: ['importCannedReplies'] } },
	},
];

export async function save(this: IExecuteFunctions, store: Store, i: number): Promise<IDataObject> {
	const input: CannedInput = {
		name: this.getNodeParameter('name', i) as string,
		body: this.getNodeParameter('body', i) as string,
		topic: this.getNodeParameter('topic', i) as string,
		language: this.getNodeParameter('language', i) as string,
	};
	return (await saveCannedReply(store.db, input)) as unknown as IDataObject;
}

/** Once per execution: the rows are the same for every item. */
export async function importAll(this: IExecuteFunctions, store: Store): Promise<IDataObject> {
	const raw = this.getNodeParameter('replies', 0);
	const rows: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
	if (!Array.isArray(rows)) throw new Error('Replies must be a list of rows');
	return importCannedReplies(store.db, rows as CannedInput[], this.getNodeParameter('replace', 0) as boolean);
}

export async function list(store: Store): Promise<IDataObject[]> {
	return (await listCannedReplies(store.db)) as unknown as IDataObject[];
}
