import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Db } from '../types';

/** Statements sent and round trips made through a Db; a transaction adds its BEGIN and COMMIT to both. */
export interface DbCounts {
	statements: number;
	roundTrips: number;
	transactions: number;
}

export interface CountingDb {
	db: Db;
	counts: DbCounts;
	reset(): void;
}

/**
 * The Db with every statement counted, for the benchmarks' "statements per decision / per
 * message": what the code asks of the database, whatever the driver does underneath. Several Dbs
 * may add to one `counts` (a process with more than one store).
 */
export function countingDb(
	db: Db,
	counts: DbCounts = { statements: 0, roundTrips: 0, transactions: 0 },
	onCount: () => void = () => undefined,
	onStatement: (sql: string) => void = () => undefined,
): CountingDb {
	const wrap = (inner: Db): Db => ({
		dialect: inner.dialect,
		query: (sql, params) => {
			counts.statements++;
			counts.roundTrips++;
			onStatement(sql);
			onCount();
			return inner.query(sql, params);
		},
		transaction: (work) => {
			counts.transactions++;
			counts.statements += 2;
			counts.roundTrips += 2;
			onStatement('BEGIN … COMMIT');
			onCount();
			return inner.transaction((tx) => work(wrap(tx)));
		},
		close: () => inner.close(),
	});
	return {
		db: wrap(db),
		counts,
		reset: () => Object.assign(counts, { statements: 0, roundTrips: 0, transactions: 0 }),
	};
}

/**
 * The store statements of a running n8n (main and each worker) are out of a benchmark's reach;
 * with CC_STORE_COUNT_DIR set, each process counts its own and writes them to
 * `<dir>/<role>-<pid>.json` (role: the n8n command, `start` or `worker`), so that bench:pipeline
 * can give statements per message from the files it reads before and after its load. Unset,
 * nothing is counted.
 */
export const COUNT_DIR_VARIABLE = 'CC_STORE_COUNT_DIR';

/** What a process writes: its cumulative counts over every store it opened, and each statement's count by its text. */
export interface CountFile extends DbCounts {
	pid: number;
	role: string;
	byText?: Record<string, number>;
}

let processCounts: { counts: DbCounts; byText: Record<string, number>; changed(): void } | undefined;

/** `db` counted into this process's file when CC_STORE_COUNT_DIR is set; `db` itself otherwise. */
export function countedForBenchmarks(db: Db): Db {
	const dir = process.env[COUNT_DIR_VARIABLE];
	if (!dir) return db;
	const written = (processCounts ??= countsWrittenTo(dir));
	return countingDb(db, written.counts, written.changed, (sql) => {
		// Whitespace folded, so that the same statement indented differently counts once.
		const text = sql.replace(/\s+/g, ' ').trim().slice(0, TEXT_LENGTH);
		written.byText[text] = (written.byText[text] ?? 0) + 1;
	}).db;
}

/** How much of a statement's text names it in the counts: enough to tell the store's statements apart. */
const TEXT_LENGTH = 160;

/** Counts written at most once a second while they change, and once more on exit. */
function countsWrittenTo(dir: string): { counts: DbCounts; byText: Record<string, number>; changed(): void } {
	mkdirSync(dir, { recursive: true });
	// n8n's command (`start`, `worker`, `webhook`) is the first argument after its script.
	const role = process.argv[2]?.replace(/[^A-Za-z0-9_-]/g, '') || 'process';
	const file = join(dir, `${role}-${process.pid}.json`);
	const counts: DbCounts = { statements: 0, roundTrips: 0, transactions: 0 };
	const byText: Record<string, number> = {};
	// Written whole then renamed, so that a reader never sees half a file.
	const write = () => {
		timer = undefined;
		const content: CountFile = { pid: process.pid, role, ...counts, byText };
		try {
			writeFileSync(`${file}.tmp`, JSON.stringify(content));
			renameSync(`${file}.tmp`, file);
		} catch {
			// A benchmark's aid must not take n8n down (its folder may be gone by now).
		}
	};
	let timer: NodeJS.Timeout | undefined;
	process.on('exit', write);
	return {
		counts,
		byText,
		changed: () => {
			timer ??= setTimeout(write, 1000).unref();
		},
	};
}

/** The counts the processes last wrote to `dir`, summed by role; none before a process counted. */
export function countsByRole(dir: string): Record<string, DbCounts> {
	const sums: Record<string, DbCounts> = {};
	for (const { role, statements, roundTrips, transactions } of countFiles(dir)) {
		const sum = (sums[role] ??= { statements: 0, roundTrips: 0, transactions: 0 });
		sum.statements += statements;
		sum.roundTrips += roundTrips;
		sum.transactions += transactions;
	}
	return sums;
}

/** Each statement's count by its text (a transaction's as `BEGIN … COMMIT`), summed over the processes that wrote to `dir`. */
export function countsByText(dir: string): Record<string, number> {
	const sums: Record<string, number> = {};
	for (const { byText = {} } of countFiles(dir)) for (const [text, count] of Object.entries(byText)) sums[text] = (sums[text] ?? 0) + count;
	return sums;
}

function countFiles(dir: string): CountFile[] {
	return (existsSync(dir) ? readdirSync(dir) : []).filter((name) => name.endsWith('.json')).map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as CountFile);
}
