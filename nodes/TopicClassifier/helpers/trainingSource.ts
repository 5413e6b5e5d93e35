import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { LabelledExample } from '../../shared/classifier';
import type { TrainingSource } from '../../shared/topics';
import { resolveDataPath } from '../../node-kit/dataPath';

type SourceKind = 'table' | 'file' | 'items' | 'store';

const NAMES: Record<SourceKind, string> = {
	table: 'Data Table, Else File',
	file: 'File (CSV/JSON)',
	items: "Previous Node's Items",
	store: 'Store',
};
const DESCRIPTIONS: Record<SourceKind, string> = {
	table:
		'The data table “Contact Center · Topics” (text, label) as the admin workflow applied it to the store for this model; the file below while that table is empty. Operators’ corrections are added on top',
	file: 'A CSV file with a header row, or a JSON array of objects, on the n8n machine; operators’ corrections are added on top',
	items: 'Each input item is one example; they replace the examples an earlier run imported, and the model is trained on everything the store holds',
	store: 'Every example the store holds for this model: imported items and operators’ corrections',
};

/** Where the examples come from; `items` only where the input items are examples rather than messages. */
export function trainingSourceFields(operation: string, kinds: SourceKind[]): INodeProperties[] {
	const show = { operation: [operation] };
	return [
		{
			displayName: 'Training Examples From',
			name: 'trainingSource',
			type: 'options',
			noDataExpression: true,
			options: kinds.map((value) => ({ name: NAMES[value], value, description: DESCRIPTIONS[value] })),
			default: kinds[0],
			description: 'Where the examples the classifier learns topics from come from',
			displayOptions: { show },
		},
		{
			displayName: 'File Path',
			name: 'trainingFile',
			type: 'string',
			default: 'workflows/data/topics.csv',
			description: 'Absolute, or relative to the pack (its sample file) and then to n8n’s working folder',
			displayOptions: { show: { ...show, trainingSource: ['file', 'table'] } },
		},
		{
			displayName: 'Text Column',
			name: 'textColumn',
			type: 'string',
			default: 'text',
			description: 'The column (CSV) or key (JSON) that holds each example’s text',
			displayOptions: { show: { ...show, trainingSource: ['file', 'table'] } },
		},
		{
			displayName: 'Topic Column',
			name: 'labelColumn',
			type: 'string',
			default: 'label',
			description: 'The column (CSV) or key (JSON) that holds each example’s topic',
			displayOptions: { show: { ...show, trainingSource: ['file', 'table'] } },
		},
		{
			displayName: 'Example Text',
			name: 'exampleText',
			type: 'string',
			default: '={{ $json.text }}',
			description: 'The example’s text in each input item; by default its text field',
			displayOptions: { show: { ...show, trainingSource: ['items'] } },
		},
		{
			displayName: 'Example Topic',
			name: 'exampleTopic',
			type: 'string',
			default: '={{ $json.label }}',
			description: 'The example’s topic in each input item; by default its label field',
			displayOptions: { show: { ...show, trainingSource: ['items'] } },
		},
	];
}

/** The source the node's parameters name (read once per execution: it is the same for every item). */
export function trainingSourceOf(ctx: IExecuteFunctions): TrainingSource {
	const kind = ctx.getNodeParameter('trainingSource', 0) as SourceKind;
	if (kind !== 'file' && kind !== 'table') return { kind: 'store' };
	const file = {
		kind: 'file' as const,
		path: resolveDataPath(ctx.getNodeParameter('trainingFile', 0) as string),
		columns: { text: ctx.getNodeParameter('textColumn', 0) as string, label: ctx.getNodeParameter('labelColumn', 0) as string },
	};
	return kind === 'table' ? { kind, file } : file;
}

/** Every input item as one example. */
export function itemExamples(ctx: IExecuteFunctions): LabelledExample[] {
	return ctx.getInputData().map((_item, i) => ({
		text: String(ctx.getNodeParameter('exampleText', i) ?? ''),
		label: String(ctx.getNodeParameter('exampleTopic', i) ?? ''),
	}));
}
