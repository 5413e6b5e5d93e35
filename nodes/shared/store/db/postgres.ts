import { Pool, type PoolClient } from 'pg';

import type { Db, Row, StoreConfig } from '../types';
import { transactionHandle } from './handle';

export type PostgresConfig = Extract<StoreConfig, { backend: 'postgres' }>;

/** Names we put into SQL and connection options unquoted; anything else is refused. */
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Rewrites `?` placeholders as `$1, $2, …`, leaving string literals, quoted identifiers and
 * comments alone.
 */
export function numberPlaceholders(sql: string): string {
	let out = '';
	let n = 0;
	for (let i = 0; i < sql.length; i++) {
		const c = sql[i];
		const quote = c === "'" || c === '"' ? c : sql.startsWith('--', i) ? '\n' : sql.startsWith('/*', i) ? '*/' : null;
		if (quote) {
			const end = sql.indexOf(quote, i + 1 + (quote === '*/' ? 1 : 0));
			const stop = end === -1 ? sql.length : end + quote.length;
			out += sql.slice(i, stop);
			i = stop - 1;
		} else if (c === '?') {
			out += `$${++n}`;
		} else {
			out += c;
		}
	}
	return out;
}

/**
 * A name per statement text, so that every connection has PostgreSQL parse and plan a statement
 * once (a prepared statement) instead of on every call. The store sends some 25 statements a
 * message, each a few short lookups or writes, for which parsing and planning were about a third
 * of the server's CPU (65 of 210 µs a statement, measured on this machine's PostgreSQL 15).
 * Bounded: a text built per call (an IN list as long as its values) gets a name only while there
 * are fewer than STATEMENT_NAMES, and goes unnamed after that.
 */
const STATEMENT_NAMES = 500;
const statementNames = new Map<string, string>();
let namesGiven = 0;

function statementName(text: string): string | undefined {
	let name = statementNames.get(text);
	if (!name && statementNames.size < STATEMENT_NAMES) statementNames.set(text, (name = `cc_${++namesGiven}`));
	return name;
}

/**
 * The numbered text of each statement the store sends, by its `?` text: rewriting it character by
 * character on every call cost the worker more CPU and garbage than any other step of sending a
 * statement, and the same string back each time lets `statementName` find its name without
 * hashing a fresh copy. Bounded like the names.
 */
const numberedTexts = new Map<string, string>();

function numberedText(sql: string): string {
	let text = numberedTexts.get(sql);
	if (text === undefined) {
		text = numberPlaceholders(sql);
		if (numberedTexts.size < STATEMENT_NAMES) numberedTexts.set(sql, text);
	}
	return text;
}

/** A new name for a text whose prepared plan a connection can no longer use, so that each connection prepares it again. */
function renamed(text: string): void {
	statementNames.set(text, `cc_${++namesGiven}`);
}

/** A table changed under a prepared statement (another process migrated the store) in a way its plan cannot follow. */
const planOutdated = (error: unknown) => (error as { code?: string }).code === '0A000' && /cached plan must not change result type/.test(String((error as Error).message));

/**
 * PostgreSQL through a `pg` pool. With `schema`, every connection starts with that schema as
 * its search_path, and the schema is created on open if missing.
 */
export async function openPostgresDb(config: PostgresConfig): Promise<Db> {
	const { schema } = config;
	if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
		throw new Error(`Schema name "${schema}" is not allowed: use letters, digits and _.`);
	}
	const pool = new Pool({
		host: config.host,
		port: config.port,
		database: config.database,
		user: config.user,
		password: config.password,
		ssl: config.ssl || undefined,
		max: config.connections || 10,
		// The store asks short questions; JIT compiling a report's per-conversation subqueries took
		// longer (a third of a second) than answering them.
		options: ['-c jit=off', schema ? `-c search_path=${schema}` : ''].join(' ').trim(),
	});
	// An idle client that loses its server emits here; without a listener that would crash n8n.
	// The pool drops that client and the next query opens a fresh one.
	pool.on('error', () => undefined);

	const onClient = (client: Pool | PoolClient) => async (sql: string, params: unknown[]) => {
		const text = numberedText(sql);
		// Statements without parameters go by the simple protocol, which takes several in one text (migrations).
		const name = params.length ? statementName(text) : undefined;
		try {
			return (await client.query({ text, values: params, name })).rows as Row[];
		} catch (error) {
			if (!name || !planOutdated(error)) throw error;
			renamed(text);
			// Inside a transaction the error has aborted it: the caller's next try prepares afresh.
			if (client instanceof Pool) return (await client.query({ text, values: params, name: statementName(text) })).rows as Row[];
			throw error;
		}
	};

	const db: Db = {
		dialect: 'postgres',
		query: <T extends Row>(sql: string, params: unknown[] = []) => onClient(pool)(sql, params) as Promise<T[]>,
		transaction: async (work) => {
			const client = await pool.connect();
			const tx = transactionHandle('postgres', onClient(client));
			let broken: Error | undefined;
			try {
				await client.query('BEGIN');
				const result = await work(tx.db);
				await client.query('COMMIT');
				return result;
			} catch (error) {
				await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
				throw error;
			} finally {
				tx.end();
				client.release(broken);
			}
		},
		close: () => pool.end(),
	};

	if (schema) {
		// Two processes creating the same schema at once collide on pg_namespace; the lock queues them.
		await db
			.transaction(async (tx) => {
				await tx.query('SELECT pg_advisory_xact_lock(hashtext(?))', [`contact-center schema ${schema}`]);
				await tx.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
			})
			.catch(async (error) => {
				await pool.end();
				throw error;
			});
	}
	return db;
}
