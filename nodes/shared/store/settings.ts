import type { Db } from './types';

/**
 * The store's key/value settings (migration 006): what the pack changes at run time and every
 * process must see (the incident banner, tables ops staff applied, the desk's last presence check).
 * Values are text; callers that keep JSON parse it themselves.
 */

export async function readSetting(db: Db, key: string): Promise<string | null> {
	const [row] = await db.query<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]);
	return row ? row.value : null;
}

export async function writeSetting(db: Db, key: string, value: string, at: string): Promise<void> {
	await db.query(
		`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
		 ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
		[key, value, at],
	);
}

export async function forgetSetting(db: Db, key: string): Promise<void> {
	await db.query('DELETE FROM settings WHERE key = ?', [key]);
}
