import { iso, now } from '../store/rows';
import type { Db } from '../store/types';
import type { TableRow } from './tables';

/*
 * A table with no store table of its own (the menu, the priority rules, the VIP tiers) is kept
 * as the admin workflow last applied it, in the store's key/value settings: the nodes that use it
 * run in other workflows and cannot read n8n's data tables themselves. Written only when the rows
 * changed, so what a node made of them (a parsed menu) is reused until an edit.
 */

const KEY = (table: string) => `table:${table}`;

/** Keeps `rows` as the table's applied content; an empty table is forgotten (the node's own setting applies again). Returns whether anything changed. */
export async function keepRows(db: Db, table: string, rows: readonly TableRow[]): Promise<boolean> {
	const value = JSON.stringify(rows);
	const [held] = await db.query<{ value: string }>('SELECT value FROM settings WHERE key = ?', [KEY(table)]);
	if (rows.length === 0) {
		if (held) await db.query('DELETE FROM settings WHERE key = ?', [KEY(table)]);
		return Boolean(held);
	}
	if (held?.value === value) return false;
	await db.query(
		`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
		 ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
		[KEY(table), value, now()],
	);
	return true;
}

const made = new WeakMap<Db, Map<string, { at: string; value: unknown }>>();

/** What `make` makes of the table's kept rows, or null while none are kept; remade only after an edit. */
export async function keptRows<T>(db: Db, table: string, make: (rows: TableRow[]) => T): Promise<T | null> {
	const [held] = await db.query<{ value: string; updated_at: unknown }>('SELECT value, updated_at FROM settings WHERE key = ?', [KEY(table)]);
	if (!held) return null;
	const at = iso(held.updated_at);
	let byTable = made.get(db);
	if (!byTable) made.set(db, (byTable = new Map()));
	const cached = byTable.get(table);
	if (cached?.at === at) return cached.value as T;
	const value = make(JSON.parse(held.value) as TableRow[]);
	byTable.set(table, { at, value });
	return value;
}
