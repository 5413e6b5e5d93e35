import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isPassingFailure, runCampaign } from '../../../shared/notify';
import type { Emitted } from '../../../node-kit/runner';
import { recipientFrom, settingsFrom } from './settings';
import { OUTPUT, summaryOf, type NotifyShared } from './shared';

/** Each item's recipient and summary stand alone: the item's own fields become the message's variables. */
export const keepInput = false;

// Its fields are shared with Run Campaign (fields.ts).
export const description = [];

/** Each item is its own one-recipient campaign, keyed so that a retried call sends nothing twice. */
export async function execute(this: IExecuteFunctions, { store, senders }: NotifyShared, i: number): Promise<Emitted[]> {
	const dedupe = (this.getNodeParameter('dedupeKey', i, '') as string).trim();
	const run = await runCampaign(store, senders, {
		key: `single:${dedupe || `${this.getExecutionId()}:${i}`}`,
		settings: await settingsFrom(this, i, store.db),
		recipients: [recipientFrom(this, i, this.getInputData()[i].json)],
	});
	// The caller must hear that nothing went (a webhook then answers an error), or it will not call again.
	const passing = run.outcomes.find(isPassingFailure);
	if (passing) {
		// The reason goes in the description: n8n replaces a message naming ECONNREFUSED with its own words.
		throw new NodeOperationError(this.getNode(), 'The notice could not be sent for now; a call with the same Dedupe Key tries it again, and sends it at most once', {
			itemIndex: i,
			description: passing.reason ?? undefined,
		});
	}
	return [
		...run.outcomes.map((outcome) => ({ output: OUTPUT.recipients, json: outcome as unknown as IDataObject })),
		{ output: OUTPUT.summary, json: summaryOf(run) },
	];
}
