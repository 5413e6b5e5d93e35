import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { runCampaign } from '../../../shared/notify';
import type { Emitted } from '../../../node-kit/runner';
import { audienceFrom, recipientFrom, settingsFrom, subjectFrom } from './settings';
import { OUTPUT, runSummaryOf, type NotifyShared } from './shared';

/** One campaign for the whole run: its audience is every input item, or a store query. */
export const runs = 'execution';

// Its fields are shared with Send to One Customer (fields.ts).
export const description = [];

export async function execute(this: IExecuteFunctions, { store, senders }: NotifyShared): Promise<Emitted[]> {
	const fromItems = this.getNodeParameter('audience', 0) === 'items';
	const run = await runCampaign(store, senders, {
		key: this.getNodeParameter('campaignKey', 0) as string,
		settings: await settingsFrom(this, 0, store.db),
		...(fromItems ? { recipients: this.getInputData().map((item, i) => recipientFrom(this, i, item.json)) } : { audience: audienceFrom(this), subject: subjectFrom(this, 0) }),
	});
	return [
		...run.outcomes.map((outcome) => ({ output: OUTPUT.recipients, json: outcome as unknown as IDataObject })),
		{ output: OUTPUT.summary, json: runSummaryOf(run) },
	];
}
