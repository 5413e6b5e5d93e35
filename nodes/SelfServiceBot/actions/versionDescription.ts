import type { INodeProperties } from 'n8n-workflow';

import { OPERATIONS } from './router';

/** The node's parameters: the operation, then each operation's fields. */
export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Add Approved Phrasings',
				value: 'addApprovedPhrasings',
				action: 'Add approved phrasings to the knowledge base',
				description: 'Teach the bot a question it could not answer: an Unanswered Questions proposal, approved or edited by ops staff',
			},
			{
				name: 'Answer',
				value: 'answer',
				action: 'Answer a customer message',
				description: 'Reply from the knowledge base or the menu (first output), or hand over to a person (second output)',
			},
			{ name: 'Clear Incident Banner', value: 'clearIncidentBanner', action: 'Clear the incident banner' },
			{
				name: 'Import Knowledge Base',
				value: 'importKnowledge',
				action: 'Import the knowledge base into the store',
			},
			{ name: 'List Knowledge Base', value: 'listKnowledge', action: 'List the knowledge base entries' },
			{
				name: 'Set Incident Banner',
				value: 'setIncidentBanner',
				action: 'Set the incident banner',
				description: 'Tell every new conversation what is broken and when it should be fixed',
			},
			{
				name: 'Unanswered Questions',
				value: 'unansweredQuestions',
				action: 'Report the questions the bot could not answer',
				description: 'The most frequent questions handed to a person, grouped, with examples and the operators’ replies: what to add next',
			},
		],
		default: 'answer',
	},
	...Object.values(OPERATIONS['']).flatMap((op) => op.description),
];
