import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { closeQuestions, entryRow, loadKnowledge, saveApproved, withApproved } from '../../../shared/bot';
import type { Emitted } from '../../../node-kit/runner';
import type { BotShared } from '../../helpers/answering';
import { knowledgeSourceFields, knowledgeSourceOf } from '../../helpers/knowledgeSource';

export const keepInput = false;

const ProposalSchema = z.object({
	questions: z.array(z.string()).min(1),
	language: z.string().default('en'),
	entryKey: z.string().nullable().default(null),
	intent: z.string().nullable().default(null),
	answer: z.string().nullable().default(null),
	questionIds: z.array(z.number().int()).default([]),
});

export const description: INodeProperties[] = [
	{
		displayName: 'Approved Proposal',
		name: 'proposal',
		type: 'json',
		default: '={{ $json.proposal }}',
		description:
			'A proposal of Unanswered Questions, as approved or edited: questions, language, and either entryKey (add the phrasings to that entry) or intent and answer (a new entry; an existing intent in that language gets the phrasings)',
		displayOptions: { show: { operation: ['addApprovedPhrasings'] } },
	},
	...knowledgeSourceFields('addApprovedPhrasings', ['file', 'store', 'items']),
];

/**
 * Adds one approved proposal to the knowledge base the bot reads; its questions leave the report.
 * With a knowledge base from another node's items, the entry's row comes out for that node's
 * sheet or table to save.
 */
export async function execute(this: IExecuteFunctions, { store }: BotShared, i: number): Promise<Emitted> {
	const raw = this.getNodeParameter('proposal', i);
	const proposal = ProposalSchema.parse(typeof raw === 'string' ? JSON.parse(raw) : raw);
	const source = knowledgeSourceOf(this, i);
	const { entries } = await loadKnowledge(store.db, source);
	const { entry, added, created } = withApproved(entries, proposal);
	await saveApproved(store.db, source, entry, created);
	const closed = await closeQuestions(store.db, proposal.questionIds, 'added');
	return { json: { added, created, questionsClosed: closed, entry: entryRow(entry) } as IDataObject };
}
