import type { INodeProperties } from 'n8n-workflow';

import { OPERATIONS } from './router';

/** The node's parameters: the operation, the model it works on, then each operation's fields. */
export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Classify',
				value: 'classify',
				action: 'Classify a customer message',
				description: 'Sure results on the Classified output, the rest on Unsure',
			},
			{
				name: 'Add Correction',
				value: 'addCorrection',
				action: 'Add an operator correction',
				description: 'Teach the model the right topic of a conversation or a text',
			},
			{
				name: 'Retrain',
				value: 'retrain',
				action: 'Retrain the model',
				description: 'Train now (or import the input items as examples and train); unchanged examples are not retrained',
			},
		],
		default: 'classify',
	},
	{
		displayName: 'Model Name',
		name: 'modelName',
		type: 'string',
		default: 'support',
		required: true,
		description: 'Names the examples, corrections and trained model in the store; use one name per set of topics',
	},
	...Object.values(OPERATIONS['']).flatMap((op) => op.description),
];
