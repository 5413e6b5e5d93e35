/**
 * Notification campaign benchmark: 10,000 recipients across Telegram, WhatsApp, VK and Messenger,
 * sent through the fake channel servers with the platforms' real rate limits enforced (a throughput
 * gate in front of Telegram and WhatsApp; the VK fake counts 20 requests a second itself). The
 * fakes run in a child process (test/fakes/benchChannels.ts), so that the figures measure the
 * sender, not fakes starved by the sender's synchronous SQLite calls. Prints one JSON line: per
 * channel the achieved rate as a share of the allowed one, messages lost, duplicates, rate-limit
 * refusals, the time spent adding the audience and the machine's load.
 *
 *   npm run bench:notify [-- --total 10000]
 *   npm run bench:notify -- --queue [--workers 3] [--kill-worker]
 *
 * One process runs one campaign on a SQLite store. `--queue` is n8n's queue mode as far as the
 * senders can tell: this process ("main") prepares a PostgreSQL store (a schema of its own in
 * database `test`) and one campaign per worker, each a share of the audience, and forks
 * `--workers` processes (scripts/lib/notify-worker.ts) with n8n's QUEUE_BULL_REDIS_* variables,
 * all sending with the same four tokens at once; their pace is the limiter they share through
 * Redis. `--kill-worker` SIGKILLs worker 1 half-way and starts a new process on its campaign,
 * which settles what the dead one left (`recovery`: recipients caught mid-send on a channel that
 * cannot drop a duplicate are flagged `unknown`, not sent again) and sends the rest.
 * `--unshared-pace` leaves the Redis variables out: each worker keeps only its own pace (the control).
 *
 * Runs on Node 24's own TypeScript support (transform mode: the fakes use parameter properties).
 */
import './lib/ts-resolve.mjs';
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { BenchChannel, BenchEndpoints, BenchRequest } from '../test/fakes/benchChannels.ts';
import type { WorkerTask } from './lib/notify-worker.ts';
import { option } from './lib/options.ts';

const { openSqliteDb } = await import('../nodes/shared/store/db/sqlite.ts');
const { openPostgresDb } = await import('../nodes/shared/store/db/postgres.ts');
const { storeOn } = await import('../nodes/shared/store/store.ts');
const { MIGRATIONS, migrate } = await import('../nodes/shared/store/migrations/index.ts');
const { runCampaign } = await import('../nodes/shared/notify/runner.ts');
const { addRecipients, openCampaign } = await import('../nodes/shared/notify/campaigns.ts');
const { recipientsFromItems } = await import('../nodes/shared/notify/audience.ts');
const { DEFAULT_RATES } = await import('../nodes/shared/notify/limits.ts');
const { telegramSender } = await import('../nodes/shared/channels/telegram/outbound.ts');
const { vkSender } = await import('../nodes/shared/channels/vk/outbound.ts');
const { whatsAppSender } = await import('../nodes/shared/channels/whatsapp/outbound.ts');
const { messengerSender } = await import('../nodes/shared/channels/messenger/index.ts');
const pg = (await import('pg')).default;

const total = Number(option('total', '10000'));
const QUEUE = process.argv.includes('--queue');
const WORKERS = QUEUE ? Number(option('workers', '3')) : 0;
const KILL = QUEUE && process.argv.includes('--kill-worker');
/** The control: workers without n8n's queue variables, each keeping its own pace as before. */
const UNSHARED = QUEUE && process.argv.includes('--unshared-pace');
const PG = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };
/** What the platforms (and so the fakes) allow; Messenger states no rate, so the pack's own pace is the target. */
const ALLOWED: Record<BenchChannel, number> = { telegram: 30, whatsapp: 80, vk: 20, messenger: (DEFAULT_RATES.messenger!.limit * 1000) / DEFAULT_RATES.messenger!.windowMs };
/** Shares in proportion to the rates, so that every channel is busy for the whole run. */
const allowedInAll = Object.values(ALLOWED).reduce((a, b) => a + b, 0);
const SHARES = Object.fromEntries(Object.entries(ALLOWED).map(([c, rate]) => [c, rate / allowedInAll])) as Record<BenchChannel, number>;
const CHANNELS = Object.keys(SHARES) as BenchChannel[];
const tsChild = { execArgv: ['--experimental-transform-types', '--no-warnings', '--import', fileURLToPath(new URL('./lib/ts-resolve.mjs', import.meta.url))] };

const child = fork(fileURLToPath(new URL('../test/fakes/benchChannels.ts', import.meta.url)), tsChild);
/** One request to the fakes' process and its answer (requests are made one at a time). */
const ask = <T>(request?: BenchRequest): Promise<T> =>
	new Promise((resolve) => {
		child.once('message', (answer) => resolve(answer as T));
		if (request) child.send(request);
	});
const { endpoints } = await ask<{ endpoints: BenchEndpoints }>();
const counts = Object.fromEntries(CHANNELS.map((c) => [c, Math.round(total * SHARES[c])])) as Record<BenchChannel, number>;
const { addresses } = await ask<{ addresses: Record<BenchChannel, string[]> }>({ customers: counts });

const dir = mkdtempSync(join(tmpdir(), 'cc-bench-notify-'));
const schema = `cc_bench_notify_${randomUUID().slice(0, 8)}`;
const storeConfig = { ...PG, schema };
const db = QUEUE ? await openPostgresDb(storeConfig) : openSqliteDb(join(dir, 'store.sqlite'));
await migrate(db, MIGRATIONS);
const store = storeOn(db);
const accountOf: Record<BenchChannel, string> = {
	telegram: endpoints.telegram.account,
	whatsapp: endpoints.whatsapp.phoneNumberId,
	vk: endpoints.vk.account,
	messenger: endpoints.messenger.account,
};
// Customers of every channel are interleaved by id, as in a real customer base: the runner reads the
// audience in id order, so an audience sorted by channel would feed the channels one after another.
const everyone = CHANNELS.flatMap((channel) => addresses[channel].map((address, i) => ({ channel, address, position: (i + 0.5) / addresses[channel].length })));
everyone.sort((a, b) => a.position - b.position);
const customerIds: number[] = [];
const seenAt = new Date().toISOString();
await db.transaction(async (tx) => {
	for (const [i, { channel, address }] of everyone.entries()) {
		const [customer] = await tx.query("INSERT INTO customers (name, fields) VALUES (?, '{}') RETURNING id", [`${channel} ${i}`]);
		await tx.query(
			"INSERT INTO identities (customer_id, channel, account, external_user_id, address, consent, last_seen_at) VALUES (?, ?, ?, ?, ?, 'subscribed', ?)",
			[customer.id, channel, accountOf[channel], address, address, seenAt],
		);
		customerIds.push(Number(customer.id));
	}
});

const settings = { kind: 'promotional', texts: { en: 'Spring sale, {{name}}' }, defaultLanguage: 'en', fallbackOrder: [], quietHours: null, defaultTimeZone: 'UTC', frequencyCap: null } as const;
// Every campaign gets its share of the audience, added as the Notify node's items would add it
// (resolved by customer id), timed on its own.
const keys = QUEUE ? Array.from({ length: WORKERS }, (_, i) => `bench-${i + 1}`) : ['bench'];
const started = Date.now();
for (const [k, key] of keys.entries()) {
	const campaign = await openCampaign(db, key, settings);
	const share = customerIds.filter((_, i) => i % keys.length === k);
	await addRecipients(db, campaign.id, await recipientsFromItems(db, share.map((customerId) => ({ customerId }))));
}
const audienceSeconds = (Date.now() - started) / 1000;

let outcome: Record<string, unknown>;
if (!QUEUE) {
	const run = await runCampaign(
		store,
		{
			telegram: (m, c) => telegramSender.send({ accessToken: endpoints.telegram.token, baseUrl: endpoints.telegram.baseUrl }, m, c),
			whatsapp: (m, c) => whatsAppSender.send({ accessToken: endpoints.whatsapp.token, phoneNumberId: endpoints.whatsapp.phoneNumberId, baseUrl: endpoints.whatsapp.baseUrl }, m, c),
			vk: (m, c) => vkSender.send({ accessToken: endpoints.vk.token, baseUrl: endpoints.vk.baseUrl }, m, c),
			messenger: (m, c) => messengerSender.send({ accessToken: endpoints.messenger.token, baseUrl: endpoints.messenger.baseUrl }, m, c),
		},
		{ key: 'bench', settings },
	);
	outcome = { progress: run.progress };
} else {
	outcome = await runWorkers();
}
const wallSeconds = (Date.now() - started) / 1000;
const load = loadavg().map((l) => Number(l.toFixed(2)));

const report = await ask<{ received: Record<BenchChannel, Record<string, number[]>>; refusals: Record<string, number> }>({ report: true });
/** Recipients a killed worker left mid-send on a channel that cannot drop a duplicate: flagged for a person, not sent again. */
const flagged = new Set(
	(await db.query<{ address: string }>("SELECT i.address FROM campaign_recipients r JOIN identities i ON i.customer_id = r.customer_id WHERE r.state = 'unknown'")).map((r) => r.address),
);
const channels: Record<string, unknown> = {};
let lost = 0;
let flaggedUnsent = 0;
let duplicates = 0;
for (const channel of CHANNELS) {
	const perRecipient = Object.entries(report.received[channel]);
	const times = perRecipient.flatMap(([, t]) => t).sort((a, b) => a - b);
	lost += perRecipient.filter(([address, t]) => t.length === 0 && !flagged.has(address)).length;
	flaggedUnsent += perRecipient.filter(([address, t]) => t.length === 0 && flagged.has(address)).length;
	duplicates += perRecipient.reduce((sum, [, t]) => sum + Math.max(0, t.length - 1), 0);
	const seconds = (times[times.length - 1] - times[0]) / 1000;
	const rate = (times.length - 1) / seconds;
	channels[channel] = { messages: times.length, seconds: Number(seconds.toFixed(1)), perSecond: Number(rate.toFixed(2)), allowed: ALLOWED[channel], ofAllowed: Number((rate / ALLOWED[channel]).toFixed(3)) };
}
console.log(
	JSON.stringify({
		mode: QUEUE ? `queue, ${WORKERS} worker processes ${UNSHARED ? 'each with its own pace' : 'sharing the pace through Redis'}, PostgreSQL store` : 'one process, SQLite store',
		recipients: total,
		wallSeconds: Number(wallSeconds.toFixed(1)),
		audienceSeconds: Number(audienceSeconds.toFixed(1)),
		channels,
		lost,
		duplicates,
		flaggedUnknown: { total: flagged.size, notReceived: flaggedUnsent },
		rateLimitRefusals: report.refusals,
		...outcome,
		loadAverage: load,
	}),
);

child.send({ close: true } satisfies BenchRequest);
await store.close();
rmSync(dir, { recursive: true, force: true });
if (QUEUE) {
	const admin = new pg.Client(PG);
	await admin.connect();
	await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
	await admin.end();
}

/**
 * The workers, one campaign each, sending at once with the same tokens; with --kill-worker, worker 1
 * is SIGKILLed half-way (by the time the allowed rates would have sent half) and a new process
 * takes its campaign over, as n8n would run the execution again.
 */
async function runWorkers(): Promise<Record<string, unknown>> {
	const queueEnv = { EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: '6379', QUEUE_BULL_PREFIX: schema };
	const env = { ...process.env, ...(UNSHARED ? {} : queueEnv) };
	const start = (campaign: string): { process: ChildProcess; done: Promise<Record<string, unknown> | null> } => {
		const worker = fork(fileURLToPath(new URL('./lib/notify-worker.ts', import.meta.url)), { ...tsChild, env });
		const done = new Promise<Record<string, unknown> | null>((resolve) => {
			worker.once('message', (answer) => resolve(answer as Record<string, unknown>));
			worker.once('exit', () => resolve(null));
		});
		worker.send({ store: storeConfig, endpoints, campaign, settings } satisfies WorkerTask);
		return { process: worker, done };
	};
	process.once('exit', () => workers.forEach((w) => w.process.kill('SIGKILL')));
	const workers = keys.map(start);
	let killed: Record<string, unknown> | undefined;
	if (KILL) {
		const halfWay = (total / allowedInAll / 2) * 1000;
		await new Promise((wake) => setTimeout(wake, halfWay));
		workers[0].process.kill('SIGKILL');
		await workers[0].done;
		const killedAt = (Date.now() - started) / 1000;
		const successor = start(keys[0]);
		workers.push(successor);
		killed = { worker: 1, atSeconds: Number(killedAt.toFixed(1)), successor: await successor.done };
	}
	const results = await Promise.all(workers.slice(0, WORKERS).map((w) => w.done));
	return { workers: results, ...(killed ? { killed } : {}) };
}
