import { z } from 'zod';

import type { TableRow } from './tables';

/** How a table's cells are read and a row's mistakes reported, for every table alike. */

/** `a, b ,c` → ['a', 'b', 'c']; an empty cell is an empty list. */
export const list = z.preprocess((v) => String(v ?? '').split(',').map((s) => s.trim()).filter(Boolean), z.array(z.string()));
export const text = z.preprocess((v) => String(v ?? '').trim(), z.string());
export const whole = (min: number, max: number) => z.preprocess((v) => (v === null || v === '' ? undefined : Number(v)), z.number().int().min(min).max(max).optional());

export interface RowProblem {
	table: string;
	/** 1-based, as ops staff count rows in the table; null for a mistake of the table as a whole. */
	row: number | null;
	reason: string;
}

/** What applying one table changed, and the rows it left out with why: a bad row never stops the others. */
export interface Applied {
	table: string;
	created: string[];
	updated: string[];
	removed: number;
	problems: RowProblem[];
}

const reasonOf = (error: z.ZodError) => error.issues.map((issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`).join('; ');

/** The rows that parse, each with its 1-based number; the others become problems. */
export function parsedRows<T>(rows: TableRow[], schema: z.ZodType<T, z.ZodTypeDef, unknown>, applied: Applied): Array<{ row: number; value: T }> {
	return rows.flatMap((raw, i) => {
		const parsed = schema.safeParse(raw);
		if (parsed.success) return [{ row: i + 1, value: parsed.data }];
		applied.problems.push({ table: applied.table, row: i + 1, reason: reasonOf(parsed.error) });
		return [];
	});
}

export const started = (table: string): Applied => ({ table, created: [], updated: [], removed: 0, problems: [] });
