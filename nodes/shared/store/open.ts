import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

import { countedForBenchmarks } from './db/counting';
import { openPostgresDb } from './db/postgres';
import { openSqliteDb } from './db/sqlite';
import { MIGRATIONS, migrate } from './migrations';
import { storeOn } from './store';
import type { Db, Store, StoreConfig } from './types';

/** Where the store lives when the credential names no file: beside n8n's own database. */
export function defaultSqliteFile(): string {
	const userFolder = process.env.N8N_USER_FOLDER || homedir();
	return join(userFolder, '.n8n', 'contact-center.sqlite');
}

/** One key per distinct database, so that equal configs written differently share a store. */
function keyOf(config: StoreConfig): string {
	if (config.backend === 'sqlite') {
		const file = config.file || defaultSqliteFile();
		return JSON.stringify(['sqlite', file === ':memory:' ? file : resolve(file)]);
	}
	const { host, port, database, user, password, ssl, schema } = config;
	return JSON.stringify(['postgres', host, port, database, user, password ?? null, !!ssl, schema ?? null]);
}

async function openDb(config: StoreConfig): Promise<Db> {
	const db = config.backend === 'sqlite' ? await openSqliteDb(config.file || defaultSqliteFile()) : await openPostgresDb(config);
	return countedForBenchmarks(db);
}

/**
 * Open stores of this process, one per database. n8n runs every execution in the same process,
 * and opening a pool and checking migrations per execution would cost more than the work itself.
 */
const stores = new Map<string, Promise<Store>>();

/**
 * The store for `config`, opened and migrated on first use and shared afterwards. Its `close`
 * closes it for every holder; nodes leave it open for the life of the process.
 */
export function openStore(config: StoreConfig): Promise<Store> {
	const key = keyOf(config);
	let store = stores.get(key);
	if (!store) {
		store = (async () => {
			const db = await openDb(config);
			try {
				await migrate(db, MIGRATIONS);
			} catch (error) {
				await db.close();
				throw error;
			}
			return storeOn(db, async () => {
				stores.delete(key);
				await db.close();
			});
		})();
		// A failed open is not cached: the next execution tries again (the server may be back).
		store.catch(() => stores.delete(key));
		stores.set(key, store);
	}
	return store;
}

/** Closes every store this process opened; for tests and shutdown. */
export async function closeAllStores(): Promise<void> {
	const open = [...stores.values()];
	stores.clear();
	await Promise.all(open.map(async (store) => (await store.catch(() => null))?.close()));
}
