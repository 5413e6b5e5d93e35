import type { IDataObject } from 'n8n-workflow';

import type { CampaignRun } from '../../../shared/notify';
import type { Senders } from '../../../shared/outbox/reply';
import type { Store } from '../../../shared/store';

/** What every operation of one execution shares. */
export interface NotifyShared {
	store: Store;
	senders: Senders;
}

/** Recipients: one item per recipient's outcome; Summary: one item per campaign run. */
export const OUTPUT = { recipients: 0, summary: 1 } as const;

export const summaryOf = (run: Pick<CampaignRun, 'campaign' | 'progress'>): IDataObject => ({ campaign: run.campaign.key, status: run.campaign.status, ...run.progress });
