import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { importKnowledge, loadKnowledge } from '../../../shared/bot';
import type { Emitted } from '../../../node-kit/runner';
import type { BotShared } from '../../helpers/answering';
import { knowledgeSourceFields, knowledgeSourceOf } from '../../helpers/knowledgeSource';

export const runs = 'execution';
export const keepInput = false;

export const description: INodeProperties[] = [
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

/** Loads the file or rows into the store's knowledge base (once per execution: the source is the same for every item). */
export async function execute(this: IExecuteFunctions, { store }: BotShared): Promise<Emitted> {
	// Read the way answering reads it, so what is imported is what the bot would have used.
	const { entries } = await loadKnowledge(store.db, knowledgeSourceOf(this, 0));
	const result = await importKnowledge(store.db, entries, this.getNodeParameter('replace', 0) as boolean);
	return { json: { ...result, intents: [...new Set(entries.map((e) => e.intent))].length } as IDataObject };
}
