/**
 * The store's write ceiling on one PostgreSQL primary: `--writers` processes (as many n8n workers
 * would be), each logging customers' first messages (Log Conversation's write: customer, identity,
 * conversation, message) as fast as its connections allow for `--seconds`, for each writer count
 * in turn. A writer's `--concurrency` lanes call the store in the same turn, as the customers of
 * one execution do (about 8 in bench:pipeline), so the store logs them as it logs theirs: one read
 * for all, then one transaction of a statement per table (store/gathered.ts); `roundTripsPerMessage`
 * counts what the writers sent. Adding writers raises messages/s only until the primary is the
 * limit; the rows written per second at that point are what no worker count changes
 * (docs/scaling.md). `cores` is the CPU the PostgreSQL server (every PostgreSQL process of the
 * machine) and the writers used over the run, in cores: where messages/s stop rising, it tells
 * whether the primary or the machine ran out. Prints one JSON line.
 *
 *   npm run bench:store-writes [-- --writers 1,2,4 --seconds 10 --concurrency 8]
 *
 * PostgreSQL is 127.0.0.1:5432 (user postgres); the run makes a database of its own, so that
 * pg_stat_database counts only its writes, and drops it after.
 */
import './lib/ts-resolve.mjs';
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { option } from './lib/options.ts';

const { openPostgresDb, migrate, MIGRATIONS, storeOn, countingDb } = await import('../nodes/shared/store/index.ts');
const { parseInbound } = await import('../nodes/shared/envelope/index.ts');
const { pgCounters, serverCpuSeconds } = await import('./lib/sizing.ts');

const pg = (await import('pg')).default;
const PG = { host: '127.0.0.1', port: 5432, user: 'postgres', database: `cc_bench_writes_${randomUUID().slice(0, 8)}` };
const admin = async (sql: string) => {
	const client = new pg.Client({ ...PG, database: 'postgres' });
	await client.connect();
	await client.query(sql).finally(() => client.end());
};

interface Task {
	database: string;
	schema: string;
	until: number;
	concurrency: number;
	writer: number;
}

if (process.send && process.argv.includes('--writer')) {
	process.once('message', async (task: Task) => {
		const db = await openPostgresDb({ ...PG, database: task.database, schema: task.schema });
		const counted = countingDb(db);
		const store = storeOn(counted.db);
		// Ready: the parent starts every writer's clock at once.
		process.send!({ ready: true });
		task.until = await new Promise<number>((go) => process.once('message', (m: { until: number }) => go(m.until)));
		let logged = 0;
		const startedAt = Date.now();
		const cpuBefore = process.cpuUsage();
		await Promise.all(
			Array.from({ length: task.concurrency }, async (_, lane) => {
				for (let n = 0; Date.now() < task.until; n++) {
					const id = `${task.writer}-${lane}-${n}`;
					await store.conversations.logInbound(
						parseInbound({
							channel: 'telegram',
							account: 'bench-bot',
							externalId: `update-${id}`,
							conversationKey: `chat-${id}`,
							sender: { id: `customer-${id}`, name: 'Bench' },
							text: 'Where is my order?',
							receivedAt: new Date().toISOString(),
							raw: {},
						}),
					);
					logged++;
				}
			}),
		);
		const cpu = process.cpuUsage(cpuBefore);
		process.send!({ logged, seconds: (Date.now() - startedAt) / 1000, roundTrips: counted.counts.roundTrips, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
		// Connections kept until the parent has read the server's CPU: an ended backend takes its count along.
		await new Promise((go) => process.once('message', go));
		await store.close();
		process.exit(0);
	});
} else {
	const writerCounts = option('writers', '1,2,4').split(',').map(Number);
	const seconds = Number(option('seconds', '10'));
	const concurrency = Number(option('concurrency', '8'));
	const schema = 'contact_center';
	await admin(`CREATE DATABASE ${PG.database}`);
	const db = await openPostgresDb({ ...PG, schema });
	await migrate(db, MIGRATIONS);
	const runs = [];
	for (const writers of writerCounts) {
		const before = (await pgCounters([PG.database]))[PG.database];
		const children = await Promise.all(
			Array.from({ length: writers }, async (_, writer) => {
				const child = fork(fileURLToPath(import.meta.url), ['--writer'], {
					execArgv: ['--experimental-transform-types', '--no-warnings'],
				});
				child.send({ database: PG.database, schema, until: 0, concurrency, writer: writers * 100 + writer } satisfies Task);
				await new Promise((ready) => child.once('message', ready));
				return child;
			}),
		);
		const until = Date.now() + seconds * 1000;
		const postgresBefore = serverCpuSeconds().postgres;
		const results = await Promise.all(
			children.map((child) => {
				const done = new Promise<{ logged: number; seconds: number; roundTrips: number; cpuSeconds: number }>((resolve) => child.once('message', resolve));
				child.send({ until });
				return done;
			}),
		);
		const postgresSeconds = serverCpuSeconds().postgres - postgresBefore;
		for (const child of children) child.send({ close: true });
		await new Promise((wake) => setTimeout(wake, 1500)); // the counters reach pg_stat_database within a second
		const after = (await pgCounters([PG.database]))[PG.database];
		const logged = results.reduce((sum, r) => sum + r.logged, 0);
		const wall = Math.max(...results.map((r) => r.seconds));
		const rows = after.rowsInserted + after.rowsUpdated + after.rowsDeleted - (before.rowsInserted + before.rowsUpdated + before.rowsDeleted);
		runs.push({
			writers,
			messagesPerSecond: Math.round(results.reduce((sum, r) => sum + r.logged / r.seconds, 0)),
			rowsWrittenPerSecond: Math.round(rows / wall),
			transactionsPerSecond: Math.round((after.transactions - before.transactions) / wall),
			rowsPerMessage: Number((rows / logged).toFixed(2)),
			roundTripsPerMessage: Number((results.reduce((sum, r) => sum + r.roundTrips, 0) / logged).toFixed(2)),
			cores: { postgres: Number((postgresSeconds / wall).toFixed(2)), writers: Number((results.reduce((sum, r) => sum + r.cpuSeconds, 0) / wall).toFixed(2)) },
		});
	}
	await db.close();
	await admin(`DROP DATABASE ${PG.database} WITH (FORCE)`);
	console.log(JSON.stringify({ bench: 'store-writes', store: 'postgres', concurrencyPerWriter: concurrency, seconds, runs, loadAverage: loadavg().map((l) => Number(l.toFixed(2))) }));
}
