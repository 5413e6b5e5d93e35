import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { slaReport, slaText } from '../../../shared/reports';
import type { Store } from '../../../shared/store';
import type { Emitted } from '../../../node-kit/runner';
import { periodFrom, reportItems } from './shared';

/** A report covers the store as a whole: once per execution. */
export const runs = 'execution';

export const description: INodeProperties[] = [
			{
				displayName: 'Default Target (Minutes)',
				name: 'defaultTargetMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'First-response target for conversations the Prioritizer gave no deadline, counted from the hand-off; 0 leaves them out of the share',
				displayOptions: { show: { operation: ['sla'] } },
			},
];

export async function execute(this: IExecuteFunctions, store: Store): Promise<Emitted[]> {
	const report = await slaReport(store.db, periodFrom(this), { defaultTargetMinutes: this.getNodeParameter('defaultTargetMinutes', 0, 0) as number });
	return reportItems(this, report, slaText(report));
}
