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

/** A run's Summary item: its counts, what it settled of a crashed run's, and whether another run held the campaign. */
export const runSummaryOf = (run: CampaignRun): IDataObject => ({
	...summaryOf(run),
	recovery: run.recovery as unknown as IDataObject,
	...(run.heldElsewhere ? { heldElsewhere: true } : {}),
});
