/**
 * What a bench run costs the services beside n8n, for the sizing model (docs/scaling.md):
 * PostgreSQL transactions and rows written per database, from pg_stat_database (cumulative
 * counters, so before/after deltas; pg_stat_statements is not loaded here), and Redis commands
 * that name n8n's queue prefix, seen by MONITOR (Redis 7.0 counts commands per server only, and
 * the server is shared with other jobs).
 */
import Redis from 'ioredis';
import pg from 'pg';

import { cpuSecondsBy } from '../../test/harness/proc-cpu.ts';

const PG = { host: '127.0.0.1', port: 5432, user: 'postgres' };

export interface PgCounters {
	transactions: number;
	rowsInserted: number;
	rowsUpdated: number;
	rowsDeleted: number;
	rowsRead: number;
	/** pg_database_size: the database's files on disk (tables, indexes, free space). */
	bytes: number;
}

/** The counters of each database now; a fresh connection each time, so no cached statistics snapshot. */
export async function pgCounters(databases: string[]): Promise<Record<string, PgCounters>> {
	const client = new pg.Client({ ...PG, database: 'postgres' });
	await client.connect();
	try {
		const { rows } = await client.query(
			`SELECT datname, xact_commit + xact_rollback AS transactions, tup_inserted, tup_updated, tup_deleted, tup_returned + tup_fetched AS rows_read, pg_database_size(datname) AS bytes
			 FROM pg_stat_database WHERE datname = ANY($1)`,
			[databases],
		);
		return Object.fromEntries(
			rows.map((r) => [
				r.datname,
				{ transactions: Number(r.transactions), rowsInserted: Number(r.tup_inserted), rowsUpdated: Number(r.tup_updated), rowsDeleted: Number(r.tup_deleted), rowsRead: Number(r.rows_read), bytes: Number(r.bytes) },
			]),
		);
	} finally {
		await client.end();
	}
}

type Reads = Record<string, { scans: number; rows: number }>;

/**
 * Rows each table's sequential scans read and index entries each index returned, in one database
 * (all schemas): `table` for the scans, `table.index` for an index.
 */
export async function pgTableReads(database: string): Promise<Reads> {
	const client = new pg.Client({ ...PG, database });
	await client.connect();
	try {
		const { rows } = await client.query(
			`SELECT relname AS name, seq_scan AS scans, seq_tup_read AS rows FROM pg_stat_user_tables
			 UNION ALL SELECT relname || '.' || indexrelname, idx_scan, idx_tup_read FROM pg_stat_user_indexes`,
		);
		const reads: Reads = {};
		for (const r of rows) {
			const entry = (reads[r.name] ??= { scans: 0, rows: 0 });
			entry.scans += Number(r.scans ?? 0);
			entry.rows += Number(r.rows ?? 0);
		}
		return reads;
	} finally {
		await client.end();
	}
}

/** Per message, the tables and indexes that read the most rows between two readings of pgTableReads (the top `top`). */
export function tableReadsPerMessage(before: Reads, after: Reads, messages: number, top = 8) {
	const per = (n: number) => Number((n / messages).toFixed(2));
	return Object.fromEntries(
		Object.entries(after)
			.map(([name, a]) => [name, { scans: per(a.scans - (before[name]?.scans ?? 0)), rows: per(a.rows - (before[name]?.rows ?? 0)) }] as const)
			.sort(([, x], [, y]) => y.rows - x.rows)
			.slice(0, top),
	);
}

/** Per message, what happened between two readings (the counters reach pg_stat_database within a second of a commit). */
export function pgPerMessage(before: Record<string, PgCounters>, after: Record<string, PgCounters>, messages: number) {
	return Object.fromEntries(
		Object.keys(after).map((database) => {
			const delta = (field: keyof PgCounters) => Number(((after[database][field] - (before[database]?.[field] ?? 0)) / messages).toFixed(2));
			const written = delta('rowsInserted') + delta('rowsUpdated') + delta('rowsDeleted');
			return [database, { transactions: delta('transactions'), rowsWritten: Number(written.toFixed(2)), inserted: delta('rowsInserted'), updated: delta('rowsUpdated'), deleted: delta('rowsDeleted'), rowsRead: delta('rowsRead'), bytes: Math.round(delta('bytes')) }];
		}),
	);
}

/** Counts Redis commands naming `prefix` from now until stop(): those clients sent, and those run inside Lua scripts. */
export async function countRedisCommands(prefix: string): Promise<{ stop(): { sent: number; inScripts: number; byCommand: Record<string, number> } }> {
	const connection = new Redis({ host: '127.0.0.1', port: 6379 });
	const monitor = await connection.monitor();
	let sent = 0;
	let inScripts = 0;
	const byCommand: Record<string, number> = {};
	monitor.on('monitor', (_time: string, args: string[], source: string) => {
		if (!args.some((arg) => arg.includes(prefix))) return;
		if (source === 'lua') inScripts++;
		else {
			sent++;
			const name = args[0].toLowerCase();
			byCommand[name] = (byCommand[name] ?? 0) + 1;
		}
	});
	return {
		stop() {
			monitor.disconnect();
			connection.disconnect();
			return { sent, inScripts, byCommand };
		},
	};
}

/** CPU seconds used so far by every PostgreSQL and Redis server process of the machine (shared with other jobs). */
export function serverCpuSeconds(): { postgres: number; redis: number } {
	const seconds = cpuSecondsBy(({ command }) => (command === 'postgres' ? 'postgres' : command === 'redis-server' ? 'redis' : undefined));
	return { postgres: seconds.postgres ?? 0, redis: seconds.redis ?? 0 };
}
