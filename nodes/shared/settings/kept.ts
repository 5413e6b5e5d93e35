import { iso, marks, now } from '../store/rows';
import { forgetSetting, readSetting, writeSetting } from '../store/settings';
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
	const held = await readSetting(db, KEY(table));
	if (rows.length === 0) {
		if (held !== null) await forgetSetting(db, KEY(table));
		return held !== null;
	}
	if (held === value) return false;
	await writeSetting(db, KEY(table), value, now());
	return true;
}

const made = new WeakMap<Db, Map<string, { at: string; value: unknown }>>();

/** What `make` makes of the table's kept rows, or null while none are kept; remade only after an edit. */
export async function keptRows<T>(db: Db, table: string, make: (rows: TableRow[]) => T): Promise<T | null> {
	return (await keptTables(db, [table], make))[0];
}

/** `keptRows` of several tables, read in one statement (a node that needs two asks once per item, not twice). */
export async function keptTables<T>(db: Db, tables: readonly string[], make: (rows: TableRow[]) => T): Promise<Array<T | null>> {
	const held = await db.query<{ key: string; value: string; updated_at: unknown }>(
		`SELECT key, value, updated_at FROM settings WHERE key IN (${marks(tables.length)})`,
		tables.map(KEY),
	);
	let byTable = made.get(db);
	if (!byTable) made.set(db, (byTable = new Map()));
	const cache = byTable;
	return tables.map((table) => {
		const row = held.find((r) => r.key === KEY(table));
		if (!row) return null;
		const at = iso(row.updated_at);
		const cached = cache.get(table);
		if (cached?.at === at) return cached.value as T;
		const value = make(JSON.parse(row.value) as TableRow[]);
		cache.set(table, { at, value });
		return value;
	});
}
