import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { saveCannedReply, type CannedInput } from '../../../shared/desk';
import type { Store } from '../../../shared/store';
import type { Emitted } from '../../../node-kit/runner';
import { VARIABLES } from './variables';

export const description: INodeProperties[] = [
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

export async function execute(this: IExecuteFunctions, store: Store, i: number): Promise<Emitted> {
	const input: CannedInput = {
		name: this.getNodeParameter('name', i) as string,
		body: this.getNodeParameter('body', i) as string,
		topic: this.getNodeParameter('topic', i) as string,
		language: this.getNodeParameter('language', i) as string,
	};
	return { json: (await saveCannedReply(store.db, input)) as unknown as IDataObject };
}

