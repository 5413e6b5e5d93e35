import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { sampleRows, type SettingsTable, type TableRow } from '../../../nodes/shared/settings';

/** A table's rows as a new install gets them: the examples, or the shipped file's content. */
export const shippedRows = (table: SettingsTable): TableRow[] =>
	sampleRows(table, (file) => readFileSync(join(__dirname, '../../..', file), 'utf8')).map((row) => ({ ...row }));
