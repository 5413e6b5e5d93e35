import type { IExecuteFunctions, IDataObject, INodeProperties } from 'n8n-workflow';

import { importKnowledge, listKnowledge, loadKnowledge } from '../../shared/bot';
import type { Store } from '../../shared/store';
import { knowledgeSourceFields, knowledgeSourceOf } from '../helpers/knowledgeSource';

export const importDescription: INodeProperties[] = [
	...knowledgeSourceFields('importKnowledge', ['file', 'items']),
	{
		displayName: 'Replace Existing Entries',
		name: 'replace',
		type: 'boolean',
		default: true,
		description: 'Whether entries missing from this import are removed, so the store mirrors the sheet; otherwise they are kept',
		displayOptions: { show: { operation: ['importKnowledge'] } },
	},
];

export const listDescription: INodeProperties[] = [
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

/** Loads the file or rows into the store's knowledge base (once per execution: the source is the same for every item). */
export async function importEntries(this: IExecuteFunctions, store: Store): Promise<IDataObject> {
	// Read the way answering reads it, so what is imported is what the bot would have used.
	const { entries } = await loadKnowledge(store.db, knowledgeSourceOf(this, 0));
	const result = await importKnowledge(store.db, entries, this.getNodeParameter('replace', 0) as boolean);
	return { ...result, intents: [...new Set(entries.map((e) => e.intent))].length };
}

export async function listEntries(this: IExecuteFunctions, store: Store): Promise<IDataObject[]> {
	const language = (this.getNodeParameter('language', 0) as string).trim();
	return (await listKnowledge(store.db, language || undefined)) as unknown as IDataObject[];
}
