import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { findCampaign, outcomesOf, progressOf } from '../../../shared/notify';
import type { Emitted } from '../../../node-kit/runner';
import { OUTPUT, summaryOf, type NotifyShared } from './shared';

export const runs = 'execution';

// Its Campaign Key field is Run Campaign's (fields.ts).
export const description = [];

export async function execute(this: IExecuteFunctions, { store }: NotifyShared): Promise<Emitted[]> {
	const key = this.getNodeParameter('campaignKey', 0) as string;
	const campaign = await findCampaign(store.db, key);
	if (!campaign) return [{ output: OUTPUT.summary, json: { campaign: key, status: 'unknown' } }];
	const progress = await progressOf(store.db, campaign.id);
	const outcomes = await outcomesOf(store.db, campaign.id);
	return [
		...outcomes.map((outcome) => ({ output: OUTPUT.recipients, json: outcome as unknown as IDataObject })),
		{ output: OUTPUT.summary, json: summaryOf({ campaign, progress }) },
	];
}
