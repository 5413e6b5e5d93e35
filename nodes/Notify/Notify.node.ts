import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { findCampaign, outcomesOf, progressOf, runCampaign, type CampaignRun } from '../shared/notify';
import { CHANNEL_CREDENTIALS, sendersFor } from '../node-kit/senders';
import { getStore, STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';
import { toItems } from '../node-kit/webhook';
import { MESSAGE, OPERATION, RECIPIENT } from './properties';
import { audienceFrom, recipientFrom, settingsFrom } from './settings';

const summaryOf = (run: Pick<CampaignRun, 'campaign' | 'progress'>) => ({ campaign: run.campaign.key, status: run.campaign.status, ...run.progress });

export class Notify implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Notify Customers',
		name: 'notify',
		icon: { light: 'file:notify.svg', dark: 'file:notify.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description:
			'Sends proactive messages (order status, outages, offers) on each customer’s own channel, with fallbacks, consent, quiet hours and a frequency cap; campaigns resume where they stopped',
		defaults: { name: 'Notify Customers' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Recipients', 'Summary'],
		credentials: [STORE_CREDENTIAL_REF, ...CHANNEL_CREDENTIALS],
		properties: [OPERATION, ...RECIPIENT, ...MESSAGE],
	};

	methods = { credentialTest: storeCredentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const store = await getStore(this);
		const operation = this.getNodeParameter('operation', 0) as string;
		const items = this.getInputData();

		if (operation === 'progress') {
			const key = this.getNodeParameter('campaignKey', 0) as string;
			const campaign = await findCampaign(store.db, key);
			if (!campaign) return [[], toItems([{ campaign: key, status: 'unknown' }])];
			const progress = await progressOf(store.db, campaign.id);
			return [toItems(await outcomesOf(store.db, campaign.id)), toItems([summaryOf({ campaign, progress })])];
		}

		const senders = await sendersFor(this);
		if (operation === 'runCampaign') {
			const fromItems = this.getNodeParameter('audience', 0) === 'items';
			const run = await runCampaign(store, senders, {
				key: this.getNodeParameter('campaignKey', 0) as string,
				settings: settingsFrom(this, 0),
				...(fromItems ? { recipients: items.map((item, i) => recipientFrom(this, i, item.json)) } : { audience: audienceFrom(this) }),
			});
			return [toItems(run.outcomes), toItems([{ ...summaryOf(run), recovery: run.recovery as unknown as IDataObject }])];
		}

		// Send to One: each item is its own one-recipient campaign, keyed so that a retried call sends nothing twice.
		const outcomes: IDataObject[] = [];
		const summaries: IDataObject[] = [];
		for (let i = 0; i < items.length; i++) {
			const dedupe = (this.getNodeParameter('dedupeKey', i, '') as string).trim();
			const run = await runCampaign(store, senders, {
				key: `single:${dedupe || `${this.getExecutionId()}:${i}`}`,
				settings: settingsFrom(this, i),
				recipients: [recipientFrom(this, i, items[i].json)],
			});
			outcomes.push(...(run.outcomes as unknown as IDataObject[]));
			summaries.push(summaryOf(run));
		}
		return [toItems(outcomes), toItems(summaries)];
	}
}
