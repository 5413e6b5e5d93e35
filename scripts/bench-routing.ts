/**
 * Skill router benchmark: routing decisions per second and p50/p99 latency on SQLite and on
 * PostgreSQL, with a fixed number of concurrent routing calls. Prints one JSON line.
 *
 *   node scripts/bench-routing.ts [--conversations 2000] [--operators 50] [--capacity 5] [--concurrency 8] [--connections <concurrency>]
 *
 * `perDecision` counts what the router asked of the database per routing decision (a counting
 * wrapper on its Db): statements, round trips (a transaction's BEGIN and COMMIT included) and
 * transactions. Then every customer writes again and each message is routed as the pipeline
 * routes every message: `perFollowUp` counts the same per message of a conversation already
 * routed (nothing new to decide: `following`, or a queued customer's moved place).
 * Runs on Node 24's type stripping, with no build step, like bench-classifier.ts. PostgreSQL is
 * 127.0.0.1:5432 (user postgres, database test); the run uses a schema of its own and drops it.
 */
import './lib/ts-resolve.mjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { option } from './lib/options.ts';
import { percentile } from './lib/stats.ts';

const { openSqliteDb, openPostgresDb, migrate, MIGRATIONS, storeOn, countingDb } = await import('../nodes/shared/store/index.ts');
const { routerOn } = await import('../nodes/shared/routing/index.ts');
const { parseInbound } = await import('../nodes/shared/envelope/index.ts');
const pg = (await import('pg')).default;

const CONVERSATIONS = Number(option('conversations', '2000'));
const OPERATORS = Number(option('operators', '50'));
const CAPACITY = Number(option('capacity', '5'));
const CONCURRENCY = Number(option('concurrency', '8'));
/** PostgreSQL connections of the run's pool: one per concurrent decision unless told otherwise. */
const CONNECTIONS = Number(option('connections', String(CONCURRENCY)));
const TOPICS = ['billing', 'delivery', 'refund', 'account'];
const PG = { host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres' };

const round = (n: number, digits = 2) => Number(n.toFixed(digits));

async function run(db: Awaited<ReturnType<typeof openPostgresDb>>) {
	await migrate(db, MIGRATIONS);
	const store = storeOn(db);
	const counted = countingDb(db);
	const router = routerOn(counted.db);
	const groups = [];
	for (const topic of TOPICS) groups.push(await router.groups.create({ name: topic, topics: [topic], strategy: 'leastLoaded' }));
	for (let i = 0; i < OPERATORS; i++) {
		// Every operator serves two groups, so drains cross groups as they do in a real team.
		const skills = [groups[i % groups.length].id, groups[(i + 1) % groups.length].id];
		await router.operators.create({ name: `Operator ${i}`, login: `op${i}`, skills, capacity: CAPACITY, status: 'online' });
	}
	const conversations = [];
	for (let i = 0; i < CONVERSATIONS; i++) {
		const logged = await store.conversations.logInbound(
			parseInbound({
				channel: 'telegram',
				account: 'bench',
				externalId: `m${i}`,
				conversationKey: `u${i}`,
				sender: { id: `u${i}`, name: 'Customer' },
				text: 'help',
				receivedAt: new Date().toISOString(),
				raw: {},
			}),
		);
		conversations.push(logged.conversation);
	}

	const latencies: number[] = [];
	const byOutcome: Record<string, number[]> = {};
	const outcomes: Record<string, number> = {};
	let next = 0;
	counted.reset();
	const started = performance.now();
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (next < conversations.length) {
				const i = next++;
				const t = performance.now();
				const result = await router.route(conversations[i], { topic: TOPICS[i % TOPICS.length], priority: i % 4 });
				const ms = performance.now() - t;
				latencies.push(ms);
				(byOutcome[result.outcome] ??= []).push(ms);
				outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
			}
		}),
	);
	const seconds = (performance.now() - started) / 1000;
	const decided = { ...counted.counts };
	latencies.sort((a, b) => a - b);

	// Each customer writes again: the pipeline routes every message, and a routed conversation is `following`.
	counted.reset();
	next = 0;
	const followed = performance.now();
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (next < conversations.length) {
				const i = next++;
				await router.route(conversations[i], { topic: TOPICS[i % TOPICS.length], priority: i % 4 });
			}
		}),
	);
	const followSeconds = (performance.now() - followed) / 1000;
	const per = (counts: typeof decided) => ({
		statements: round(counts.statements / CONVERSATIONS),
		roundTrips: round(counts.roundTrips / CONVERSATIONS),
		transactions: round(counts.transactions / CONVERSATIONS),
	});
	return {
		decisionsPerSecond: round(CONVERSATIONS / seconds, 1),
		p50Ms: round(percentile(latencies, 50)),
		p99Ms: round(percentile(latencies, 99)),
		...outcomes,
		// An assignment drains the queue (and may race other drains); a decision that queues is one statement.
		p50p99MsByOutcome: Object.fromEntries(
			Object.entries(byOutcome).map(([outcome, ms]) => {
				ms.sort((a, b) => a - b);
				return [outcome, [round(percentile(ms, 50)), round(percentile(ms, 99))]];
			}),
		),
		perDecision: per(decided),
		followUpsPerSecond: round(CONVERSATIONS / followSeconds, 1),
		perFollowUp: per(counted.counts),
		// What the store holds at the end: a route that answered "queued" may have been assigned by another's drain right after.
		assignedInStore: Number((await db.query("SELECT count(*) AS n FROM routing_entries WHERE state = 'assigned'"))[0].n),
		overCapacity: await overCapacity(db),
	};
}

/** Operators holding more conversations than their capacity: must be 0 however many decisions race. */
async function overCapacity(db: Awaited<ReturnType<typeof openPostgresDb>>): Promise<number> {
	const rows = await db.query(
		"SELECT count(*) AS n FROM operators o WHERE (SELECT count(*) FROM routing_entries e WHERE e.operator_id = o.id AND e.state = 'assigned') > o.capacity",
	);
	return Number(rows[0].n);
}

const dir = mkdtempSync(join(tmpdir(), 'cc-bench-routing-'));
const sqliteDb = openSqliteDb(join(dir, 'contact-center.sqlite'));
const sqlite = await run(sqliteDb).finally(async () => {
	await sqliteDb.close();
	rmSync(dir, { recursive: true, force: true });
});

const schema = `cc_bench_${randomUUID().replace(/-/g, '')}`;
const pgDb = await openPostgresDb({ backend: 'postgres', ...PG, schema, connections: CONNECTIONS });
const postgres = await run(pgDb).finally(async () => {
	await pgDb.close();
	const client = new pg.Client(PG);
	await client.connect();
	await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
	await client.end();
});

console.log(
	JSON.stringify({
		bench: 'routing',
		conversations: CONVERSATIONS,
		operators: OPERATORS,
		capacity: CAPACITY,
		concurrency: CONCURRENCY,
		connections: CONNECTIONS,
		sqlite,
		postgres,
	}),
);
