import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runOperation, type OperationTable } from '../../node-kit/runner';
import { getStore } from '../../node-kit/store';
import type { BotShared } from '../helpers/answering';
import * as addApprovedPhrasings from './bot/addApprovedPhrasings.operation';
import * as answer from './bot/answer.operation';
import * as clearIncidentBanner from './bot/clearIncidentBanner.operation';
import * as importKnowledge from './bot/importKnowledge.operation';
import * as listKnowledge from './bot/listKnowledge.operation';
import * as setIncidentBanner from './bot/setIncidentBanner.operation';
import * as unansweredQuestions from './bot/unansweredQuestions.operation';

/** The node has one resource, the bot, and no resource parameter. */
export const OPERATIONS: OperationTable<BotShared> = {
	'': { answer, importKnowledge, listKnowledge, setIncidentBanner, clearIncidentBanner, unansweredQuestions, addApprovedPhrasings },
};

/** Answered and Handoff: Answer sorts items into them; the management operations act once per execution and use the first. */
export function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return runOperation(this, {
		operations: OPERATIONS,
		async open(_resource, operation) {
			const store = await getStore(this);
			return { store, answering: operation === 'answer' ? await answer.loadAnswering(this, store) : null };
		},
		outputs: 2,
	});
}
