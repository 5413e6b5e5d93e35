import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { importCannedReplies, type CannedInput } from '../../../shared/desk';
import type { Store } from '../../../shared/store';
import type { Emitted } from '../../../node-kit/runner';
import { VARIABLES } from './variables';

/** Once per execution: the rows are the same for every item. */
export const runs = 'execution';

export const description: INodeProperties[] = [
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

export async function execute(this: IExecuteFunctions, store: Store): Promise<Emitted> {
	const raw = this.getNodeParameter('replies', 0);
	const rows: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
	if (!Array.isArray(rows)) throw new Error('Replies must be a list of rows');
	return { json: await importCannedReplies(store.db, rows as CannedInput[], this.getNodeParameter('replace', 0) as boolean) };
}

