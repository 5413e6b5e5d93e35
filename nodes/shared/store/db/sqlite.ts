import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';

import type { Db, Row } from '../types';
import { transactionHandle } from './handle';
import { Mutex } from './mutex';

/** How long a writer waits for another process's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 10_000;

function toSqlite(value: unknown): SQLInputValue {
	if (value === undefined) return null;
	if (typeof value === 'boolean') return value ? 1 : 0;
	if (value instanceof Date) return value.toISOString();
	return value as SQLInputValue;
}

/**
 * SQLite through Node's built-in `node:sqlite`. One connection serves the whole process; its
 * calls are synchronous, so an async transaction would otherwise let another caller's statements
 * run inside it between awaits. Every statement and transaction therefore takes a per-database
 * mutex, and transactions begin IMMEDIATE so writers in other processes queue on the file lock.
 */
export function openSqliteDb(file: string): Db {
	if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
	const sqlite = new DatabaseSync(file);
	// The wait for another process's lock comes first: setting the journal mode takes a lock too,
	// and fails at once ("database is locked") while n8n's nodes write if nothing says to wait.
	// In WAL mode, synchronous=NORMAL keeps every commit across a crash or SIGKILL of n8n (only a
	// power loss can drop the last commits), without an fsync per commit on the webhook's path.
	sqlite.exec(
		`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;`,
	);

	const statements = new Map<string, StatementSync>();
	const run = async (sql: string, params: unknown[]): Promise<Row[]> => {
		let statement = statements.get(sql);
		if (!statement) {
			statement = sqlite.prepare(sql);
			statements.set(sql, statement);
		}
		return statement.all(...params.map(toSqlite)) as Row[];
	};
	const mutex = new Mutex();

	return {
		dialect: 'sqlite',
		query: <T extends Row>(sql: string, params: unknown[] = []) =>
			mutex.run(() => run(sql, params)) as Promise<T[]>,
		transaction: (work) =>
			mutex.run(async () => {
				const tx = transactionHandle('sqlite', run);
				sqlite.exec('BEGIN IMMEDIATE');
				try {
					const result = await work(tx.db);
					sqlite.exec('COMMIT');
					return result;
				} catch (error) {
					// Some errors (SQLITE_FULL, …) have already rolled the transaction back.
					if (sqlite.isTransaction) sqlite.exec('ROLLBACK');
					throw error;
				} finally {
					tx.end();
				}
			}),
		close: () => mutex.run(async () => sqlite.close()),
	};
}
