import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { sendDue } from '../../../shared/notify';
import { withNotifyTables } from '../../../shared/settings';
import type { Emitted } from '../../../node-kit/runner';
import { OUTPUT, runSummaryOf, type NotifyShared } from './shared';

/** One pass over every campaign with something due, whatever the input items. */
export const runs = 'execution';

// No fields: each campaign sends by its own stored settings, with the node's channel credentials.
export const description = [];

export async function execute(this: IExecuteFunctions, { store, senders }: NotifyShared): Promise<Emitted[]> {
	const runs = await sendDue(store, senders, {
		// The Quiet Hours and Campaign Rates tables as they are now, as every Notify node reads them.
		refresh: (settings) => withNotifyTables(store.db, settings, settings.quietHours?.serviceMayPass ?? true),
	});
	return runs.flatMap((due): Emitted[] =>
		'lacking' in due
			? [{ output: OUTPUT.summary, json: { campaign: due.campaign.key, status: due.campaign.status, notRun: `no_credentials: this node has none for ${due.lacking.join(', ')}, which the campaign was queued with` } }]
			: [...due.settled.map((outcome) => ({ output: OUTPUT.recipients, json: outcome as unknown as IDataObject })), { output: OUTPUT.summary, json: runSummaryOf(due.run) }],
	);
}
