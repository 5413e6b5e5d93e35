import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { APPLY, SETTINGS_TABLES, type SettingsTableKey, type TableRow } from '../../../shared/settings';
import type { Store } from '../../../shared/store';
import type { Emitted } from '../../../node-kit/runner';
import { modelField, tableField } from './fields';

/** The rows come from n8n's Data Table node (Get Many Rows): all of them, in one run. */
export const runs = 'execution';

export const description = [tableField('apply'), modelField];

const SYSTEM_COLUMNS = new Set(['id', 'createdAt', 'updatedAt']);

export async function execute(this: IExecuteFunctions, store: Store): Promise<Emitted> {
	const key = this.getNodeParameter('table', 0) as SettingsTableKey;
	const items = this.getInputData();
	// A Data Table node that found no such table yet (before the set-up ran) passes its error on.
	const missing = items.find((item) => item.json.error !== undefined && Object.keys(item.json).length <= 2);
	if (missing) throw new Error(`The data table “${SETTINGS_TABLES[key].name}” could not be read: ${String(missing.json.error)}`);
	const rows = items
		.map((item) => Object.fromEntries(Object.entries(item.json).filter(([column]) => !SYSTEM_COLUMNS.has(column))) as TableRow)
		// An empty table still hands on one empty item (Always Output Data), so that the next table is read.
		.filter((row) => Object.values(row).some((value) => value !== null && value !== ''));
	const model = key === 'topics' ? (this.getNodeParameter('model', 0) as string) : '';
	const applied = await APPLY[key](store, rows, { model });
	const summary = [
		`${applied.table}: ${rows.length} rows, ${applied.created.length} new, ${applied.updated.length} in effect${applied.removed ? `, ${applied.removed} removed` : ''}`,
		...applied.problems.map((p) => (p.row === null ? p.reason : `row ${p.row}: ${p.reason}`)),
	].join('\n');
	return { json: { summary, ...applied } as unknown as IDataObject };
}
