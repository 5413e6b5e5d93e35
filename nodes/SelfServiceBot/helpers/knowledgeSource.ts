import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { KbSource } from '../../shared/bot';
import { resolveDataPath } from '../../node-kit/dataPath';

/** Where the knowledge base is read from; shared by answering and importing. */
type Kind = 'table' | 'store' | 'file' | 'items';

export function knowledgeSourceFields(operation: string, kinds: Kind[]): INodeProperties[] {
	const show = { operation: [operation] };
	const names = { table: 'Data Table, Else File', store: 'Contact Center Store', file: 'CSV or JSON File', items: 'Items of Another Node' };
	const descriptions = {
		table: 'The data table “Contact Center · Knowledge Base” as the admin workflow applied it to the store; the file below while that table is empty',
		store: 'What Import Knowledge Base (or the admin workflow) put into the store',
		file: 'A file on the n8n machine, read again whenever it changes',
		items: 'The rows another node of this workflow outputs',
	};
	return [
		{
			displayName: 'Knowledge Base From',
			name: 'knowledgeSource',
			type: 'options',
			noDataExpression: true,
			options: kinds.map((value) => ({ name: names[value], value, description: descriptions[value] })),
			default: kinds[0],
			description: 'Where the questions and answers of the knowledge base are read from',
			displayOptions: { show },
		},
		{
			displayName: 'File Path',
			name: 'knowledgeFile',
			type: 'string',
			default: 'workflows/data/knowledge-base.csv',
			description:
				'CSV (columns intent, language, question, answer, tags; several phrasings separated by |) or a JSON array of the same fields. Relative paths are looked up in the pack first.',
			displayOptions: { show: { ...show, knowledgeSource: ['file', 'table'] } },
		},
		{
			displayName: 'Entries',
			name: 'knowledgeItems',
			type: 'json',
			default: "={{ $('Knowledge Base').all().map(item => item.json) }}",
			description: 'The rows of a sheet or table node, with the same columns as the CSV file',
			displayOptions: { show: { ...show, knowledgeSource: ['items'] } },
		},
	];
}

export function knowledgeSourceOf(ctx: IExecuteFunctions, itemIndex: number): KbSource {
	const kind = ctx.getNodeParameter('knowledgeSource', itemIndex) as Kind;
	if (kind === 'file' || kind === 'table') return { kind, path: resolveDataPath(ctx.getNodeParameter('knowledgeFile', itemIndex) as string) };
	if (kind === 'items') {
		const raw = ctx.getNodeParameter('knowledgeItems', itemIndex);
		const rows: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
		if (!Array.isArray(rows)) throw new Error('Entries must be a list of rows');
		return { kind: 'rows', rows: rows as Record<string, unknown>[] };
	}
	return { kind: 'store' };
}
