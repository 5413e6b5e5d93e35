import { readFileSync } from 'node:fs';

import { parseCsvRecords } from '../classifier/csv';
import { foldedWords } from './phrases';

/**
 * One answer of the knowledge base in one language. Entries of different languages that answer
 * the same question share an `intent`, so a Russian and a Ukrainian phrasing of one question are
 * not rivals when the matcher weighs how sure it is.
 */
export interface KbEntry {
	/** Stable identity for re-imports: the `key` column, else intent + language. */
	key: string;
	intent: string;
	language: string;
	/** Several phrasings of the question; the first is the one shown back to the customer. */
	questions: string[];
	answer: string;
	tags: string[];
}

/**
 * KB text is plain text: kept exactly as written, minus control characters that no channel
 * shows. Markup or a spreadsheet formula (`<b>`, `=HYPERLINK(…)`) stays literal text: nothing here
 * or downstream renders or evaluates it, and the channels send text without a parse mode.
 */
export function plainText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`expected text, got ${typeof value}`);
	return String(value).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
}

/** Lists arrive as arrays (JSON) or as one cell: phrasings split on line breaks or `|`, tags also on commas. */
function list(value: unknown, separators: RegExp): string[] {
	const items = Array.isArray(value) ? value : plainText(value).split(separators);
	return items.map(plainText).filter(Boolean);
}

const first = (record: Record<string, unknown>, names: string[]) => names.map((n) => record[n]).find((v) => v !== undefined && v !== '');

/**
 * One entry from a row as ops staff keep it (a CSV line, a JSON object, a table row). Columns:
 * `question` (or `questions`), `answer`, `language`, optional `intent`, `tags`, `key`.
 */
export function kbEntryFrom(record: Record<string, unknown>, defaultLanguage = 'en'): KbEntry {
	const questions = list(first(record, ['questions', 'question']), /\r?\n|\|/);
	const answer = plainText(first(record, ['answer']));
	if (questions.length === 0 || !answer) throw new Error('needs a question and an answer');
	const language = plainText(first(record, ['language', 'lang']) ?? defaultLanguage).toLowerCase();
	const intent = plainText(first(record, ['intent'])) || foldedWords(questions[0]).join('_');
	return {
		key: plainText(first(record, ['key', 'id'])) || `${intent}:${language}`,
		intent,
		language,
		questions,
		answer,
		tags: list(first(record, ['tags']), /[,|\n]/).map((t) => t.toLowerCase()),
	};
}

/**
 * Entries from rows: a CSV, a JSON array, a spreadsheet's items. A row that cannot be an entry is
 * an error naming the row, so a broken sheet is noticed, not half-loaded.
 */
export function kbEntriesFrom(records: readonly Record<string, unknown>[], defaultLanguage = 'en'): KbEntry[] {
	const entries = records.map((record, row): KbEntry => {
		try {
			return kbEntryFrom(record, defaultLanguage);
		} catch (error) {
			throw new Error(`Knowledge base row ${row + 1} ${(error as Error).message}`);
		}
	});
	const seen = new Set<string>();
	for (const entry of entries) {
		if (seen.has(entry.key)) throw new Error(`Knowledge base entry "${entry.key}" appears twice: give each row its own intent or key`);
		seen.add(entry.key);
	}
	return entries;
}

/** Rows of a knowledge-base file: CSV with a header row, or a JSON array of objects. */
export function kbRowsFromText(text: string, format: 'csv' | 'json'): Record<string, unknown>[] {
	if (format === 'csv') return parseCsvRecords(text);
	const parsed: unknown = JSON.parse(text);
	if (!Array.isArray(parsed)) throw new Error('A JSON knowledge base is an array of entries');
	return parsed as Record<string, unknown>[];
}

export function readKbFile(path: string, defaultLanguage?: string): KbEntry[] {
	const format = /\.json$/i.test(path) ? 'json' : 'csv';
	return kbEntriesFrom(kbRowsFromText(readFileSync(path, 'utf8'), format), defaultLanguage);
}
