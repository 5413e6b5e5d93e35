import { readFileSync } from 'node:fs';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { sampleRows, SETTINGS_TABLES, writtenSinceCreated, type SettingsTableKey } from '../../../shared/settings';
import { resolveDataPath } from '../../../node-kit/dataPath';
import type { Emitted } from '../../../node-kit/runner';
import { tableField } from './fields';

/**
 * A table's example rows, for n8n's Data Table node to insert. Fed by a Create Table that reuses an
 * existing table, it gives none for a table that already has rows written.
 */
export const runs = 'execution';

export const description = [tableField('sampleRows')];

export async function execute(this: IExecuteFunctions): Promise<Emitted[]> {
	const table = this.getInputData()[0]?.json ?? {};
	if (writtenSinceCreated(table)) return [];
	const key = this.getNodeParameter('table', 0) as SettingsTableKey;
	const rows = sampleRows(SETTINGS_TABLES[key], (file) => readFileSync(resolveDataPath(file), 'utf8'));
	return rows.map((row) => ({ json: row as IDataObject }));
}
