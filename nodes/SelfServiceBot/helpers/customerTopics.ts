import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { LabelledExample } from '../../shared/classifier';
import type { Store } from '../../shared/store';
import { trainingSet } from '../../shared/topics';
import { resolveDataPath } from '../../node-kit/dataPath';

/**
 * The topics customers write about, as the Topic Classifier learns them: the bot learns them too,
 * so a question of a topic the knowledge base does not answer goes to a person instead of to the
 * nearest entry.
 */
export function customerTopicsFields(operation: string): INodeProperties[] {
	const show = { operation: [operation] };
	return [
		{
			displayName: 'Customer Topics From',
			name: 'topicsSource',
			type: 'options',
			noDataExpression: true,
			description:
				'What customers write about besides the knowledge base: the bot learns these topics too, so that a question the knowledge base does not answer goes to a person instead of getting a wrong answer',
			options: [
				{
					name: 'Data Table, Else File',
					value: 'table',
					description: 'The data table “Contact Center · Topics” as the admin workflow applied it; the file while that table is empty. Operators’ corrections are added.',
				},
				{ name: 'File (CSV/JSON)', value: 'file', description: 'The Topic Classifier’s training file; operators’ corrections in the store are added' },
				{ name: 'Store', value: 'store', description: 'Every example the store holds for a Topic Classifier model' },
				{ name: 'None', value: 'none', description: 'Only the knowledge base’s own phrasings' },
			],
			default: 'file',
			displayOptions: { show },
		},
		{
			displayName: 'Topics File Path',
			name: 'topicsFile',
			type: 'string',
			default: 'workflows/data/topics.csv',
			description: 'Columns text and label; absolute, or relative to the pack and then to n8n’s working folder',
			displayOptions: { show: { ...show, topicsSource: ['table', 'file'] } },
		},
		{
			displayName: 'Topic Model Name',
			name: 'topicsModel',
			type: 'string',
			default: 'support',
			description: 'The Topic Classifier model whose examples (and operators’ corrections) to learn',
			displayOptions: { show: { ...show, topicsSource: ['table', 'file', 'store'] } },
		},
	];
}

export async function customerTopics(ctx: IExecuteFunctions, store: Store): Promise<LabelledExample[]> {
	const kind = ctx.getNodeParameter('topicsSource', 0) as 'table' | 'file' | 'store' | 'none';
	if (kind === 'none') return [];
	const model = ctx.getNodeParameter('topicsModel', 0) as string;
	if (kind === 'store') return trainingSet(store, model, { kind });
	const file = { kind: 'file' as const, path: resolveDataPath(ctx.getNodeParameter('topicsFile', 0) as string), columns: { text: 'text', label: 'label' } };
	return trainingSet(store, model, kind === 'table' ? { kind, file } : file);
}
