import type { IExecuteFunctions } from 'n8n-workflow';

import { topicsReport, topicsText } from '../../../shared/reports';
import type { Store } from '../../../shared/store';
import type { Emitted } from '../../../node-kit/runner';
import { periodFrom, reportItems } from './shared';

/** A report covers the store as a whole: once per execution. */
export const runs = 'execution';

// Its fields are every report's (shared.ts).
export const description = [];

export async function execute(this: IExecuteFunctions, store: Store): Promise<Emitted[]> {
	const report = await topicsReport(store.db, periodFrom(this));
	return reportItems(this, report, topicsText(report));
}
