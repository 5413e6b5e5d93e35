/**
 * Reports and dashboard benchmark at a real center's volume: seeds 100,000 conversations and
 * 1,000,000 messages over 90 days (50 operators, 8 channels, 100 topics, a live floor of the last
 * half hour) on SQLite and on PostgreSQL with bulk SQL, then times each weekly report (topics,
 * operators, SLA over the last 7 days; median of 3 runs) and the desk's `dashboard` call while 10
 * supervisors poll it, each once a second (five times as often as the page), starting at random
 * moments. Supervisors polling within two seconds share one reading of the store, so `reading`
 * also times a reading nobody shares (median and worst of 10). Prints one JSON line.
 *
 *   node scripts/bench-reports.ts [--scale 1] [--seconds 30] [--poll-ms 1000] [--supervisors 10] [--store sqlite,postgres]
 *
 * `--scale 0.05` seeds 5 % of the volume, for development. Runs on Node 24's type stripping with
 * no build step. PostgreSQL is 127.0.0.1:5432 (user postgres, database test); the run uses a
 * schema of its own and drops it.
 */
import './lib/ts-resolve.mjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { option } from './lib/options.ts';
import { percentile } from './lib/stats.ts';

const { openSqliteDb, openPostgresDb, migrate, MIGRATIONS, storeOn } = await import('../nodes/shared/store/index.ts');
const { routerOn } = await import('../nodes/shared/routing/index.ts');
const { topicsReport, operatorReport, slaReport, periodOf } = await import('../nodes/shared/reports/index.ts');
const { handleDeskCall, setPassword, deskPolicyWith } = await import('../nodes/shared/desk/index.ts');
const { supervisorDashboard, dashboardPeriod } = await import('../nodes/shared/desk/dashboard/index.ts');
const pg = (await import('pg')).default;

type Db = Awaited<ReturnType<typeof openPostgresDb>>;

const SCALE = Number(option('scale', '1'));
const SECONDS = Number(option('seconds', '30'));
const POLL_MS = Number(option('poll-ms', '1000'));
const STORES = option('store', 'sqlite,postgres').split(',');
const CONVERSATIONS = Math.round(100_000 * SCALE);
const CUSTOMERS = Math.max(1, Math.round(CONVERSATIONS / 2));
const MESSAGES_EACH = 10;
const OPERATORS = 50;
const SUPERVISORS = Number(option('supervisors', '10'));
const TOPICS = 100;
const GROUPS = 8;
/** The newest conversations, five seconds apart, are the floor now: queued or held. */
const LIVE = Math.min(400, CONVERSATIONS);
const CHANNELS = ['telegram', 'telegram', 'telegram', 'telegram', 'telegram', 'telegram', 'telegram', 'telegram',
	'whatsapp', 'whatsapp', 'whatsapp', 'whatsapp', 'viber', 'viber', 'vk', 'messenger', 'instagram', 'webchat', 'webchat', 'email'];
const PG = { host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres' };
const DAY = 86_400_000;
const PASSWORD = 'a long benchmark passphrase';

const round = (n: number, digits = 1) => Number(n.toFixed(digits));

/**
 * The seeding SQL, written once: every value is a function of the conversation number `i`, so
 * the data is the same on both stores and each table is one INSERT … SELECT.
 */
function seedStatements(dialect: Db['dialect'], nowMs: number): string[] {
	const series = (n: number, as: string) =>
		dialect === 'postgres'
			? `generate_series(1::bigint, ${n}) AS ${as}(i)`
			: `(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${n}) SELECT i FROM s) AS ${as}`;
	const ts = (ms: string) =>
		dialect === 'postgres' ? `to_timestamp((${ms}) / 1000.0)` : `strftime('%Y-%m-%dT%H:%M:%fZ', (${ms}) / 1000.0, 'unixepoch')`;
	const step = Math.floor((90 * DAY) / CONVERSATIONS);
	const start = nowMs - 90 * DAY;
	const created = `(CASE WHEN i > ${CONVERSATIONS - LIVE} THEN ${nowMs} - (${CONVERSATIONS} - i + 1) * 5000 ELSE ${start} + (i - 1) * ${step} END)`;
	const live = `(i > ${CONVERSATIONS - LIVE})`;
	const handed = '(i % 10 >= 4)';
	const queued = `(${live} AND i % 2 = 0)`;
	const response = '(((i * 7919) % 900) * 1000)';
	const operator = '((i * 11) % 50 + 1)';
	const topic = `((i % 97) * (i % 89) % ${TOPICS})`;
	const channel = `(CASE (i * 13) % ${CHANNELS.length} ${CHANNELS.map((c, k) => `WHEN ${k} THEN '${c}'`).join(' ')} END)`;
	const handoff = `${created} + 60000`;
	const closed = `${handoff} + ${response} + 900000`;
	const customer = `((i - 1) % ${CUSTOMERS} + 1)`;
	const atReply = `(CASE WHEN NOT ${handed} THEN k * 90000 WHEN k = 0 THEN 0 WHEN k = 1 THEN 10000 WHEN k = 2 THEN 60000 ELSE 60000 + ${response} + (k - 3) * 120000 END)`;
	// A queued customer (or one whose answer would lie in the future) has only written again.
	const pending = `(${live} AND ${handed} AND k >= 3 AND (${queued} OR ${created} + ${atReply} > ${nowMs}))`;
	const atMessage = `(CASE WHEN ${pending} THEN k * 500 ELSE ${atReply} END)`;
	const fromCustomer = `(k % 2 = 0 OR ${pending})`;
	const author = `(CASE WHEN ${fromCustomer} THEN 'customer' WHEN k = 1 OR NOT ${handed} THEN 'bot' ELSE 'operator:' || ${operator} END)`;
	const concat = (a: string, b: string) => `${a} || ${b}`;
	return [
		`INSERT INTO customers (id, name, created_at, updated_at)
		 SELECT i, ${concat("'Customer '", 'i')}, ${ts(`${start}`)}, ${ts(`${start}`)} FROM ${series(CUSTOMERS, 's')}`,
		`INSERT INTO conversations (id, customer_id, channel, account, conversation_key, status, topic, topic_source, topic_confidence, created_at, updated_at, closed_at)
		 SELECT i, ${customer}, ${channel}, 'main', ${concat("'c'", 'i')}, CASE WHEN ${live} THEN 'open' ELSE 'closed' END,
			${concat("'topic '", topic)}, 'classifier', (i % 100) / 100.0, ${ts(created)}, ${ts(created)},
			CASE WHEN ${live} THEN NULL ELSE ${ts(closed)} END
		 FROM ${series(CONVERSATIONS, 's')}`,
		`INSERT INTO messages (conversation_id, direction, channel, account, author, text, status, created_at, updated_at)
		 SELECT i, CASE WHEN ${fromCustomer} THEN 'in' ELSE 'out' END, ${channel}, 'main', ${author}, 'message text',
			CASE WHEN ${fromCustomer} THEN 'received' ELSE 'sent' END, ${ts(`${created} + ${atMessage}`)}, ${ts(`${created} + ${atMessage}`)}
		 FROM ${series(CONVERSATIONS, 's')} CROSS JOIN (SELECT i - 1 AS k FROM ${series(MESSAGES_EACH, 'm')}) AS ks`,
		`INSERT INTO bot_conversations (conversation_id, handoff_reason, handoff_at, updated_at)
		 SELECT i, 'asked_for_person', ${ts(handoff)}, ${ts(handoff)} FROM ${series(CONVERSATIONS, 's')} WHERE ${handed}`,
		`INSERT INTO conversation_priority (conversation_id, score, level, first_response_due, updated_at)
		 SELECT i, 0, 'normal', ${ts(`${handoff} + 300000`)}, ${ts(handoff)} FROM ${series(CONVERSATIONS, 's')} WHERE ${handed}`,
		`INSERT INTO routing_entries (conversation_id, customer_id, group_id, line, priority, topic, channel, state, operator_id, enqueued_ms, assigned_ms, closed_ms, escalations)
		 SELECT i, ${customer}, ${topic} % ${GROUPS} + 1, 1, 0, ${concat("'topic '", topic)}, ${channel},
			CASE WHEN ${queued} THEN 'queued' WHEN ${live} THEN 'assigned' ELSE 'closed' END,
			CASE WHEN ${queued} THEN NULL ELSE ${operator} END, ${handoff}, CASE WHEN ${queued} THEN NULL ELSE ${handoff} END,
			CASE WHEN ${live} THEN NULL ELSE ${closed} END, CASE WHEN i % 50 = 0 THEN 1 ELSE 0 END
		 FROM ${series(CONVERSATIONS, 's')} WHERE ${handed}`,
		`INSERT INTO ratings (conversation_id, customer_id, operator_id, requested_ms, score, rated_ms)
		 SELECT i, ${customer}, ${operator}, ${closed}, (i / 10) * 3 % 5 + 1, ${closed} + 600000
		 FROM ${series(CONVERSATIONS, 's')} WHERE i % 5 = 4 AND NOT ${live}`,
		`INSERT INTO conversation_tags (conversation_id, tag, created_at)
		 SELECT i, ${concat("'tag '", 'i % 20')}, ${ts(created)} FROM ${series(CONVERSATIONS, 's')} WHERE i % 3 = 0`,
	];
}

async function seed(db: Db, nowMs: number) {
	const router = routerOn(db);
	for (let g = 0; g < GROUPS; g++) {
		const topics = Array.from({ length: TOPICS }, (_, t) => `topic ${t}`).filter((_, t) => t % GROUPS === g);
		await router.groups.create({ name: `Group ${g + 1}`, topics });
	}
	for (let o = 0; o < OPERATORS; o++) {
		// Offline at first, so that creating them routes nothing; statuses are set after the seed.
		await router.operators.create({ name: `Operator ${o + 1}`, login: `op${o + 1}`, skills: [(o % GROUPS) + 1, ((o + 1) % GROUPS) + 1], capacity: 5, status: 'offline' });
	}
	const started = performance.now();
	for (const sql of seedStatements(db.dialect, nowMs)) await db.query(sql);
	if (db.dialect === 'postgres') {
		for (const table of ['customers', 'conversations']) await db.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`);
		await db.query('ANALYZE');
	}
	await db.query("UPDATE operators SET status = CASE WHEN id % 10 < 7 THEN 'online' WHEN id % 10 < 9 THEN 'away' ELSE 'offline' END");
	const seedSeconds = (performance.now() - started) / 1000;
	const [counts] = await db.query('SELECT (SELECT count(*) FROM conversations) AS conversations, (SELECT count(*) FROM messages) AS messages');
	return { seedSeconds: round(seedSeconds), conversations: Number(counts.conversations), messages: Number(counts.messages) };
}

async function timed<T>(work: () => Promise<T>): Promise<number> {
	const started = performance.now();
	await work();
	return performance.now() - started;
}

/** Median of three runs of each weekly report over the last seven days. */
async function reports(db: Db, now: Date) {
	const week = periodOf('last7Days', now);
	const runs = {
		topics: () => topicsReport(db, week),
		operators: () => operatorReport(db, week),
		sla: () => slaReport(db, week, { now }),
	};
	const out: Record<string, number> = {};
	for (const [name, run] of Object.entries(runs)) {
		const times = [];
		for (let k = 0; k < 3; k++) times.push(await timed(run));
		out[`${name}Ms`] = round(times.sort((a, b) => a - b)[1]);
	}
	return out;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Ten supervisors polling the dashboard through the desk API, as the page does. */
async function dashboard(db: Db) {
	const store = storeOn(db);
	const policy = deskPolicyWith({});
	const options = { policy, ratingQuestion: '?' };
	const tokens: string[] = [];
	for (let s = 0; s < SUPERVISORS; s++) {
		await routerOn(db).operators.create({ name: `Supervisor ${s + 1}`, login: `sup${s + 1}`, skills: [], role: 'supervisor', status: 'online' });
		await setPassword(db, `sup${s + 1}`, PASSWORD, { temporary: false }, policy);
		const answer = await handleDeskCall(store, { body: { action: 'login', login: `sup${s + 1}`, password: PASSWORD } }, options);
		tokens.push((answer.body as { token: string }).token);
	}
	// Readings far enough apart in (simulated) time that none is shared.
	const supervisor = (await routerOn(db).operators.list()).find((o) => o.role === 'supervisor')!;
	const readings: number[] = [];
	for (let k = 0; k < 10; k++) {
		const at = new Date(Date.now() + (k + 1) * 60_000);
		readings.push(await timed(() => supervisorDashboard(db, supervisor, dashboardPeriod(at), at)));
	}
	readings.sort((a, b) => a - b);

	const latencies: number[] = [];
	let shown: { floor: { waiting: unknown[]; atRisk: unknown[] }; period: { conversations: number } } | null = null;
	const until = performance.now() + SECONDS * 1000;
	await Promise.all(
		tokens.map(async (token) => {
			await sleep(Math.random() * POLL_MS);
			while (performance.now() < until) {
				const started = performance.now();
				const answer = await handleDeskCall(store, { authorization: `Bearer ${token}`, body: { action: 'dashboard' } }, options);
				latencies.push(performance.now() - started);
				if (answer.status !== 200) throw new Error(`The dashboard answered ${answer.status}: ${JSON.stringify(answer.body)}`);
				shown = answer.body as typeof shown;
				await sleep(Math.max(0, POLL_MS - (performance.now() - started)));
			}
		}),
	);
	latencies.sort((a, b) => a - b);
	return {
		reading: { p50Ms: round(readings[4]), maxMs: round(readings[9]) },
		pollMs: POLL_MS,
		calls: latencies.length,
		p50Ms: round(percentile(latencies, 50)),
		p99Ms: round(percentile(latencies, 99)),
		waiting: shown!.floor.waiting.length,
		atRisk: shown!.floor.atRisk.length,
		today: shown!.period.conversations,
	};
}

async function run(db: Db) {
	await migrate(db, MIGRATIONS);
	const now = new Date();
	const seeded = await seed(db, now.getTime());
	return { ...seeded, reports: await reports(db, now), dashboard: await dashboard(db) };
}

const results: Record<string, unknown> = {};
if (STORES.includes('sqlite')) {
	const dir = mkdtempSync(join(tmpdir(), 'bench-reports-'));
	const db = openSqliteDb(join(dir, 'bench.sqlite'));
	try {
		results.sqlite = await run(db);
	} finally {
		await db.close();
		rmSync(dir, { recursive: true, force: true });
	}
}
if (STORES.includes('postgres')) {
	const schema = `bench_reports_${randomUUID().replace(/-/g, '')}`;
	const db = await openPostgresDb({ ...PG, schema });
	try {
		results.postgres = await run(db);
	} finally {
		await db.close();
		const client = new pg.Client(PG);
		await client.connect();
		await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
		await client.end();
	}
}
console.log(JSON.stringify({ bench: 'reports', scale: SCALE, conversations: CONVERSATIONS, operators: OPERATORS, channels: 8, topics: TOPICS, supervisors: SUPERVISORS, seconds: SECONDS, ...results }));
