import { readFileSync } from 'node:fs';

import { parseCsvRecords, type LabelledExample } from '../classifier';
import { readWhileUnchanged } from '../files/readWhileUnchanged';

export interface ExampleColumns {
	text: string;
	label: string;
}

/** Records (CSV rows, JSON objects, workflow items) as examples, read from the two named fields. */
export function examplesFrom(records: Array<Record<string, unknown>>, columns: ExampleColumns): LabelledExample[] {
	return records.map((record) => ({ text: String(record[columns.text] ?? ''), label: String(record[columns.label] ?? '') }));
}

/**
 * Labelled examples from a CSV file with a header row, or a JSON file holding an array of
 * objects. Cells are data: HTML or a spreadsheet formula in a text is just its characters.
 */
export function readExamplesFile(path: string, columns: ExampleColumns): LabelledExample[] {
	return readWhileUnchanged(path, `${columns.text}\u0000${columns.label}`, () => parseExamplesFile(path, columns));
}

function parseExamplesFile(path: string, columns: ExampleColumns): LabelledExample[] {
	const content = readFileSync(path, 'utf8');
	const records = /\.json$/i.test(path) ? parseJsonRecords(content, path) : parseCsvRecords(content);
	if (records.length && !(columns.text in records[0] && columns.label in records[0])) {
		throw new Error(`${path} has no "${columns.text}" or "${columns.label}" column (it has: ${Object.keys(records[0]).join(', ')}).`);
	}
	return examplesFrom(records, columns);
}

function parseJsonRecords(content: string, path: string): Array<Record<string, unknown>> {
	const data: unknown = JSON.parse(content.replace(/^\uFEFF/, ''));
	if (!Array.isArray(data)) throw new Error(`${path} must hold a JSON array of objects.`);
	return data as Array<Record<string, unknown>>;
}
