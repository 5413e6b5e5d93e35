import type { Db } from '../types';
import { ddlFor } from './dialect';
import type { Migration } from './migration';

/**
 * Applies the migrations not yet recorded in `schema_migrations`, all in one transaction that
 * first takes the dialect's migration lock, so that two processes opening the same database at
 * once apply each migration exactly once. Returns the versions this call applied.
 */
export async function migrate(db: Db, migrations: readonly Migration[]): Promise<number[]> {
	migrations.forEach((m, i) => {
		if (i > 0 && m.version <= migrations[i - 1].version) {
			throw new Error(`Migration ${m.version} (${m.name}) is out of order: versions must increase.`);
		}
	});
	const ddl = ddlFor(db.dialect);
	return db.transaction(async (tx) => {
		if (ddl.migrationLock) await tx.query(ddl.migrationLock);
		await tx.query(
			`CREATE TABLE IF NOT EXISTS schema_migrations (
				version INTEGER PRIMARY KEY,
				name TEXT NOT NULL,
				applied_at ${ddl.timestamp} NOT NULL DEFAULT ${ddl.now}
			)`,
		);
		const done = new Set(
			(await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)),
		);
		const applied: number[] = [];
		for (const migration of migrations.filter((m) => !done.has(m.version))) {
			for (const statement of migration.up(ddl)) await tx.query(statement);
			await tx.query('INSERT INTO schema_migrations (version, name) VALUES (?, ?)', [migration.version, migration.name]);
			applied.push(migration.version);
		}
		return applied;
	});
}
