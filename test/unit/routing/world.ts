import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

import { DEFAULT_IDLE, resolveIdle } from '../../../nodes/shared/lifecycle';
import { parseInbound } from '../../../nodes/shared/envelope';
import { routerOn, type Router, type RoutingPolicy } from '../../../nodes/shared/routing';
import { openPostgresDb, openSqliteDb, MIGRATIONS, migrate, storeOn, type Conversation, type Db, type Store } from '../../../nodes/shared/store';

const PG = { host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres' };

/** A migrated store of its own on one backend, a router over it, and how to throw both away. */
export interface World {
	store: Store;
	router: Router;
	/** The store's database, for the repository's own scenarios. */
	db: Db;
	/** A new customer's new Telegram conversation. */
	conversation(name?: string): Promise<Conversation>;
	/** Another conversation of the same customer, after the first was closed and its reopen window passed. */
	nextConversation(of: Conversation): Promise<Conversation>;
	/** A router on a connection of its own to the same store, as another worker process would have. */
	anotherWorker(): Promise<Router>;
	/** The store's file on SQLite, for workers in processes of their own (a connection of this process would share its lock). */
	sqliteFile: string | null;
	dispose(): Promise<void>;
}

async function sqliteStore() {
	const dir = mkdtempSync(join(tmpdir(), 'cc-routing-'));
	const file = join(dir, 'contact-center.sqlite');
	const db = openSqliteDb(file);
	// node:sqlite blocks its thread on a locked file: a second connection in this process would wait on
	// the first forever. Workers in one process share its connection (and its transaction mutex).
	const connect = async (): Promise<Db> => ({ ...db, close: async () => undefined });
	return { db, connect, file, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function postgresStore() {
	const schema = `cc_routing_${randomUUID().replace(/-/g, '')}`;
	const connect = () => openPostgresDb({ backend: 'postgres', ...PG, schema });
	return {
		db: await connect(),
		connect,
		file: null,
		drop: async () => {
			const client = new Client(PG);
			await client.connect();
			await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
			await client.end();
		},
	};
}

export const BACKENDS = [
	['SQLite', sqliteStore],
	['PostgreSQL', postgresStore],
] as const;

export async function openWorld(open: (typeof BACKENDS)[number][1], policy: Partial<RoutingPolicy> = {}): Promise<World> {
	const { db, connect, file, drop } = await open();
	const others: Db[] = [];
	await migrate(db, MIGRATIONS);
	const store = storeOn(db);
	let n = 0;
	const say = async (userId: string, name: string) =>
		(
			await store.conversations.logInbound(
				parseInbound({
					channel: 'telegram',
					account: 'support-bot',
					externalId: `m${++n}`,
					conversationKey: userId,
					sender: { id: userId, name },
					text: 'Hello, I need help',
					receivedAt: new Date().toISOString(),
					raw: {},
				}),
			)
		).conversation;
	return {
		store,
		router: routerOn(db, policy),
		db,
		sqliteFile: file,
		conversation: (name = 'Customer') => say(`u${randomUUID()}`, name),
		async nextConversation(of) {
			await store.conversations.close(of.id, new Date(Date.now() - 2 * DEFAULT_IDLE.reopenHours * 3_600_000));
			await resolveIdle(store, DEFAULT_IDLE);
			return say(of.conversationKey, 'Customer');
		},
		async anotherWorker() {
			const other = await connect();
			others.push(other);
			return routerOn(other, policy);
		},
		dispose: async () => {
			await Promise.all(others.map((other) => other.close()));
			await store.close();
			await drop();
		},
	};
}

/** A fixed clock for a test: `at(5)` is five minutes after its start. */
export function clock(start = Date.UTC(2025, 0, 6, 9, 0, 0)): (minutes?: number) => Date {
	return (minutes = 0) => new Date(start + minutes * 60_000);
}
