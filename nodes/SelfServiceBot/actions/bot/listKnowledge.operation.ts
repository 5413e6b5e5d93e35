import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { listKnowledge } from '../../../shared/bot';
import type { Emitted } from '../../../node-kit/runner';
import type { BotShared } from '../../helpers/answering';

export const runs = 'execution';
export const keepInput = false;

export const description: INodeProperties[] = [
	{
		displayName: 'Language',
		name: 'language',
		type: 'string',
		default: '',
		placeholder: 'ru',
		description: 'Only entries in this language; empty lists every language',
		displayOptions: { show: { operation: ['listKnowledge'] } },
	},
];

/** One item per entry. */
export async function execute(this: IExecuteFunctions, { store }: BotShared): Promise<Emitted[]> {
	const language = (this.getNodeParameter('language', 0) as string).trim();
	return (await listKnowledge(store.db, language || undefined)).map((entry) => ({ json: entry as unknown as IDataObject }));
}
