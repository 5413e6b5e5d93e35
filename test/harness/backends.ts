/**
 * The two stores every stateful suite runs on: a SQLite file in a temporary folder and a fresh
 * PostgreSQL schema (127.0.0.1:5432, database `test`), each with a way to throw it away.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

import { closeAllStores, countingDb, MIGRATIONS, migrate, openPostgresDb, openSqliteDb, openStore, storeOn, type CountingDb, type Db, type Store, type StoreConfig } from '../../nodes/shared/store';

export const PG = { host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres' };

/** A database of its own for one backend, and how to throw it away. */
export interface Backend {
	config: StoreConfig;
	dispose(): Promise<void>;
}

export async function sqliteBackend(): Promise<Backend> {
	const dir = mkdtempSync(join(tmpdir(), 'cc-test-'));
	return {
		config: { backend: 'sqlite', file: join(dir, 'contact-center.sqlite') },
		dispose: async () => rmSync(dir, { recursive: true, force: true }),
	};
}

export async function postgresBackend(): Promise<Backend> {
	const schema = `cc_test_${randomUUID().replace(/-/g, '')}`;
	return {
		config: { backend: 'postgres', ...PG, schema },
		dispose: () => dropSchema(schema),
	};
}

export async function dropSchema(schema: string): Promise<void> {
	const client = new Client(PG);
	await client.connect();
	await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
	await client.end();
}

/** The "Contact Center Store" credential naming a backend's database, for suites that run workflows over it. */
export function storeCredentialOf(config: StoreConfig): Record<string, string | number> {
	if (config.backend === 'sqlite') return { backend: 'sqlite', sqliteFile: config.file };
	return { backend: 'postgres', host: config.host, port: config.port, database: config.database, user: config.user, ...(config.schema ? { schema: config.schema } : {}) };
}

/** For `describe.each`: every stateful suite runs on both backends. */
export const BACKENDS: Array<[string, () => Promise<Backend>]> = [
	['SQLite', sqliteBackend],
	['PostgreSQL', postgresBackend],
];

/**
 * A migrated database on a new backend, for suites that build their store (or router, desk…) over
 * it. Close the database (or the store over it) before `drop`.
 */
export async function migratedDb(open: () => Promise<Backend>): Promise<{ db: Db; config: StoreConfig; drop(): Promise<void> }> {
	const backend = await open();
	const { config } = backend;
	const db = config.backend === 'sqlite' ? openSqliteDb(config.file) : await openPostgresDb(config);
	await migrate(db, MIGRATIONS);
	return { db, config, drop: () => backend.dispose() };
}

/** A store opened on a new backend by `setUp` and thrown away by `tearDown` (jest's hooks of a suite or of each test). */
function storeAround(open: () => Promise<Backend>, setUp: typeof beforeAll, tearDown: typeof afterAll): { store: Store; backend: Backend } {
	const world = {} as { store: Store; backend: Backend };
	setUp(async () => {
		world.backend = await open();
		world.store = await openStore(world.backend.config);
	});
	tearDown(async () => {
		await closeAllStores();
		await world.backend.dispose();
	});
	return world;
}

/**
 * One store on a new backend for the whole enclosing `describe`: `suite.store` in each test,
 * `suite.backend` to open it again. Tests that must not meet give themselves accounts of their own.
 */
export const storePerSuite = (open: () => Promise<Backend>) => storeAround(open, beforeAll, afterAll);

/**
 * A migrated database opened on a new backend by `setUp` and thrown away by `tearDown`, with what
 * `over` builds on it each time (a store, a counter…), all in the returned object.
 */
function migratedDbAround<T extends object>(open: () => Promise<Backend>, setUp: typeof beforeAll, tearDown: typeof afterAll, over: (db: Db) => T): { db: Db } & T {
	const world = {} as { db: Db } & T;
	let drop: () => Promise<void>;
	setUp(async () => {
		const opened = await migratedDb(open);
		drop = opened.drop;
		Object.assign(world, { db: opened.db }, over(opened.db));
	});
	tearDown(async () => {
		await world.db.close();
		await drop();
	});
	return world;
}

/** A migrated database of its own for every test of the enclosing `describe`, and the store over it: `world.db`, `world.store`. */
export const migratedDbPerTest = (open: () => Promise<Backend>) => migratedDbAround(open, beforeEach, afterEach, (db) => ({ store: storeOn(db) }));

/** A store of its own on a new backend for every test of the enclosing `describe`: `world.store` in each test. */
export const storePerTest = (open: () => Promise<Backend>) => storeAround(open, beforeEach, afterEach);

/**
 * One migrated database for the enclosing `describe`, seen through a statement counter (reset
 * before each test) and, where a suite says so, another wrapper first; each test gets an account
 * of its own so that the tests' customers never meet.
 */
export function countedStorePerSuite(open: () => Promise<Backend>, wrap: (db: Db) => Db = (db) => db): { db: Db; counted: CountingDb; store: Store; account: string } {
	const world = migratedDbAround(open, beforeAll, afterAll, (db) => {
		const counted = countingDb(wrap(db));
		return { counted, store: storeOn(counted.db), account: '' };
	});
	beforeEach(() => {
		world.account = `bot-${randomUUID()}`;
		world.counted.reset();
	});
	return world;
}
