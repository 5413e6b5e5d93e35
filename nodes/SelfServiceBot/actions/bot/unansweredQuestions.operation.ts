import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { openQuestions, questionReport } from '../../../shared/bot';
import type { Emitted } from '../../../node-kit/runner';
import type { BotShared } from '../../helpers/answering';

export const runs = 'execution';
export const keepInput = false;

const show = { operation: ['unansweredQuestions'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Days',
		name: 'days',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 30,
		description: 'Questions the bot could not answer in this many days up to now',
		displayOptions: { show },
	},
	{
		displayName: 'Groups',
		name: 'top',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 20,
		description: 'How many groups of alike questions to list, the most frequent first',
		displayOptions: { show },
	},
	{
		displayName: 'Examples per Group',
		name: 'examples',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 5,
		description: 'How many of the customers’ own phrasings each group shows',
		displayOptions: { show },
	},
];

/**
 * One item per group of alike questions the bot handed to a person or only guessed at: how many,
 * examples, the operators' first replies, the entries customers picked, and a proposal that Add
 * Approved Phrasings takes as it is or edited.
 */
export async function execute(this: IExecuteFunctions, { store }: BotShared): Promise<Emitted[]> {
	const since = new Date(Date.now() - (this.getNodeParameter('days', 0) as number) * 86_400_000);
	const report = questionReport(await openQuestions(store.db, since), {
		top: this.getNodeParameter('top', 0) as number,
		examples: this.getNodeParameter('examples', 0) as number,
	});
	return report.map((group) => ({ json: group as unknown as IDataObject }));
}
