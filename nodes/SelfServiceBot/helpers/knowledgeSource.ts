import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { KbSource } from '../../shared/bot';
import { resolveDataPath } from '../../node-kit/dataPath';

/** Where the knowledge base is read from; shared by answering and importing. */
export function knowledgeSourceFields(operation: string, kinds: Array<'store' | 'file' | 'items'>): INodeProperties[] {
	const show = { operation: [operation] };
	const names = { store: 'Contact Center Store', file: 'CSV or JSON File', items: 'Items of Another Node' };
	return [
		{
			displayName: 'Knowledge Base From',
			name: 'knowledgeSource',
			type: 'options',
			noDataExpression: true,
			options: kinds.map((value) => ({ name: names[value], value })),
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
			displayOptions: { show: { ...show, knowledgeSource: ['file'] } },
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
	const kind = ctx.getNodeParameter('knowledgeSource', itemIndex) as 'store' | 'file' | 'items';
	if (kind === 'file') return { kind, path: resolveDataPath(ctx.getNodeParameter('knowledgeFile', itemIndex) as string) };
	if (kind === 'items') {
		const raw = ctx.getNodeParameter('knowledgeItems', itemIndex);
		const rows: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
		if (!Array.isArray(rows)) throw new Error('Entries must be a list of rows');
		return { kind: 'rows', rows: rows as Record<string, unknown>[] };
	}
	return { kind: 'store' };
}
