/**
 * Load benchmark of the shipped support pipeline in a real n8n 2.41, against a bare published
 * Webhook → Set workflow on the same n8n in the same run. Customers write on Telegram, Viber, VK,
 * WhatsApp and Messenger, in turn, through the webhook URLs the triggers registered, with the fake
 * channel servers answering; a message is done when every reply it calls for has reached the
 * customer's fake chat. Each channel carries a fifth of the load: VK lets a community token make
 * 20 requests a second, so with VK at a third of the traffic (as in earlier rounds) VK's limit,
 * not the pipeline, capped the throughput at about 60 messages a second on a quiet machine.
 * Prints one JSON line.
 *
 *   npm run bench:pipeline -- [--messages 300] [--concurrency 20] [--store sqlite|postgres]
 *                             [--fault none|sigkill|pg-drop|channel-errors] [--queue [--workers 2]]
 *                             [--batch-limit N] [--profile] [--poison N]
 *
 * The bare Webhook → Set sets a fixed value, n8n's cheapest workflow and the ratio's reference;
 * it runs before and after the pipeline (`bareRounds`) and the faster round counts.
 * Two more references run in the same n8n: Webhook → Set mapping one field by an expression (in
 * n8n 2.x an expression costs an isolate per execution), and a Webhook → 12 × such Set chain,
 * what n8n itself costs for a workflow as long as the pipeline.
 * `storePerMessage` is what the pipeline asked of the store per message, in main (the triggers,
 * and in one process everything) and in the workers: statements, round trips (a transaction's
 * BEGIN and COMMIT included) and transactions, counted in each n8n process (CC_STORE_COUNT_DIR)
 * over the pipeline's part of the run, recoveries included; `top` is each statement a message
 * (by its text, BEGIN … COMMIT for a transaction) sent at least once in 20 messages, the most first.
 * `cpuMs` is the CPU n8n (all its processes and threads) spent per pipeline message and per
 * reference request, and `cpuRatio` the bare request's over the message's: on a shared machine
 * the throughput ratio moves with the other load, the CPU per message much less.
 * `serverCpuMs` is what every PostgreSQL and Redis process of the machine spent per pipeline
 * message over the same part (the servers are shared: other jobs' queries count too).
 * The channel triggers let messages share an execution while n8n is busy (Messages per Execution
 * When Busy, 20 in the template); `--batch-limit 1` gives every message its own execution, as
 * before that option. `messagesPerExecution` is what the run saw (n8n's statistics; in queue
 * mode the workers' jobs).
 * --poison N makes N of the messages (spread over the run) come from Telegram customers whose card
 * is corrupt in the store, so that Customer Lookup fails on them: the template hands each to a
 * person by its error path while the messages sharing its execution go on. `others` reports the
 * latency of every other message, to set against a run without poison.
 * --sizing reports what a message costs each part (docs/scaling.md): CPU ms in main and in the
 * workers, PostgreSQL transactions and rows written in the store's and (queue mode) n8n's
 * database, the tables (sequential scans) and indexes of those databases that read the most rows,
 * and (queue mode) the Redis commands naming n8n's queue prefix, seen by MONITOR.
 * --profile saves every successful pipeline execution and reports each node's median
 * executionTime from n8n's own execution data (saving costs time: not for the ratio).
 *
 * --queue runs n8n in its queue mode: n8n's database on PostgreSQL, Redis, a main process that
 * takes the webhooks and `--workers` worker processes that run the executions; the store goes on
 * PostgreSQL. The routing checks then cover several workers assigning at once. Messages share
 * executions there too: the workers report each start and each message's end through Redis
 * (ingest/starts.ts).
 *
 * Faults (each reports its own figures under "fault"):
 *   sigkill         n8n is killed with SIGKILL at 40 % of the load and started again; channels
 *                   redeliver what was not acknowledged, the pipeline's recovery schedule runs
 *                   what was acknowledged but not answered.
 *   pg-drop         (store on PostgreSQL) the store's database refuses connections for 8 s and
 *                   its open connections are cut, at 40 % of the load.
 *   channel-errors  Telegram's API answers 500 for 1.5 s, then 429 (retry_after 1) for 1.5 s.
 * Traffic goes to 127.0.0.1 only; every wait is bounded.
 */
import './lib/ts-resolve.mjs';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { option } from './lib/options.ts';
import { percentile } from './lib/stats.ts';
import type { DbCounts } from '../nodes/shared/store/index.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// The harness is written for jest's CommonJS; loaded as a module here, its __dirname reads this global.
Object.assign(globalThis, { __dirname: join(ROOT, 'test/harness') });

const { startN8n, n8nRuntimeDir } = await import('../test/harness/n8n-process.ts');
const { startFakeTelegram } = await import('../test/fakes/telegram/server.ts');
const { startFakeViber } = await import('../test/fakes/viber/server.ts');
const { startFakeVk } = await import('../test/fakes/vk/server.ts');
const { startFakeMeta } = await import('../test/fakes/meta/server.ts');
const { startChannelOutage } = await import('../test/fakes/outage.ts');
const { openStore, closeAllStores, COUNT_DIR_VARIABLE, countsByRole, countsByText } = await import('../nodes/shared/store/index.ts');
const { routerOn } = await import('../nodes/shared/routing/index.ts');
const { countRedisCommands, pgCounters, pgPerMessage, pgTableReads, serverCpuSeconds, tableReadsPerMessage } = await import('./lib/sizing.ts');
const pg = (await import('pg')).default;

const MESSAGES = Number(option('messages', '300'));
const CONCURRENCY = Number(option('concurrency', '20'));
const FAULT = option('fault', 'none') as 'none' | 'sigkill' | 'pg-drop' | 'channel-errors';
const QUEUE = process.argv.includes('--queue');
const WORKERS = Number(option('workers', '2'));
const STORE = FAULT === 'pg-drop' || QUEUE ? 'postgres' : option('store', 'sqlite');
const PROFILE = process.argv.includes('--profile');
const SIZING = process.argv.includes('--sizing');
const BATCH_LIMIT = process.argv.includes('--batch-limit') ? Number(option('batch-limit', '')) : undefined;
const POISON = Number(option('poison', '0'));
const CHAIN = 12;
const REPLY_TIMEOUT_MS = FAULT === 'none' ? 60_000 : 240_000;
const REFERENCE_TIMEOUT_MS = 30_000;
const PG = { host: '127.0.0.1', port: 5432, user: 'postgres' };
// A name of the run's own: other runs may be using the same server.
const STORE_DB = `cc_bench_store_${randomUUID().slice(0, 8)}`;
const VK_SECRET = 'bench-vk-secret';
const META_VERIFY_TOKEN = 'bench-meta-verify-token';

/** Operators in a few skill groups, so that routed messages are assigned or queued. */
const TOPICS = ['order_status', 'delivery', 'refund', 'payment_failed', 'account_access', 'technical_problem', 'complaint', 'balance', 'next_draw', 'other'];
const OPERATORS = 12;
const CAPACITY = 3;

/** What customers write: most ask what the bot answers, the rest want a person and are routed. */
const KINDS = [
	{ kind: 'bot', text: 'Where is my order?', share: 0.6 },
	{ kind: 'routed', text: 'I want to talk to an operator', share: 0.4 },
] as const;
type Kind = (typeof KINDS)[number]['kind'] | 'poison';

const sleep = (ms: number) => new Promise((wake) => setTimeout(wake, ms));
const round = (n: number, digits = 1) => Number(n.toFixed(digits));

const dir = mkdtempSync(join(tmpdir(), 'cc-bench-pipeline-'));
const storeCountDir = join(dir, 'store-counts');
const admin = async (sql: string, database = 'postgres') => {
	const client = new pg.Client({ ...PG, database });
	await client.connect();
	try {
		return (await client.query(sql)).rows;
	} finally {
		await client.end();
	}
};

const storeData =
	STORE === 'postgres'
		? { backend: 'postgres', host: PG.host, port: PG.port, user: PG.user, database: STORE_DB, schema: `cc_bench_${randomUUID().slice(0, 8)}` }
		: { backend: 'sqlite', sqliteFile: join(dir, 'contact-center.sqlite') };
if (STORE === 'postgres') {
	await admin(`CREATE DATABASE ${STORE_DB}`);
}
const store = await openStore(
	storeData.backend === 'postgres'
		? { backend: 'postgres', host: PG.host, port: PG.port, user: PG.user, database: STORE_DB, schema: storeData.schema as string }
		: { backend: 'sqlite', file: storeData.sqliteFile as string },
);
const router = routerOn(store.db);
const groups = [];
for (const topic of TOPICS) groups.push(await router.groups.create({ name: topic, topics: [topic], strategy: 'leastLoaded' }));
for (let i = 0; i < OPERATORS; i++) {
	const skills = [groups[i % groups.length].id, groups[(i + 1) % groups.length].id];
	await router.operators.create({ name: `Operator ${i}`, login: `op${i}`, skills, capacity: CAPACITY, status: 'online' });
}

const [telegram, viber, vk, meta] = await Promise.all([startFakeTelegram(), startFakeViber(), startFakeVk(), startFakeMeta()]);
const outage = await startChannelOutage(telegram.baseUrl);

const template = JSON.parse(readFileSync(join(ROOT, 'workflows/support-pipeline.json'), 'utf8'));
const node = (type: string) => template.nodes.find((n: { type: string }) => n.type.endsWith(type));
Object.assign(node('vkChannelTrigger').parameters, { groupId: String(vk.groupId), confirmation: vk.confirmation });
// Recovery sooner than the template's two minutes, so that a killed run is answered within the bench.
Object.assign(template.nodes.find((n: { name: string }) => n.name === 'Recover Unanswered Deliveries').parameters, { olderThanSeconds: 20 });
if (PROFILE) template.settings = { ...template.settings, saveDataSuccessExecution: 'all' };
if (BATCH_LIMIT !== undefined) {
	for (const channel of ['telegram', 'viber', 'vk', 'whatsapp', 'messenger']) node(`${channel}ChannelTrigger`).parameters.batchLimit = BATCH_LIMIT;
}

/** A published Webhook → `sets` × Set workflow answering with its last node: n8n's own cost. Mapped Sets read the request by an expression. */
function webhookThenSets(path: string, sets: number, value: 'fixed' | 'mapped') {
	const names = Array.from({ length: sets }, (_, i) => (sets === 1 ? 'Set' : `Set ${i + 1}`));
	return {
		id: `cc-bench-${path}`,
		name: `Bench: Webhook → ${sets} × Set`,
		nodes: [
			{
				id: 'w', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: path,
				parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} },
			},
			...names.map((name, i) => ({
				id: `s${i}`, name, type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [220 * (i + 1), 0],
				parameters: { assignments: { assignments: [{ id: `f${i}`, name: `step${i}`, value: value === 'fixed' ? 'done' : '={{ $json.body?.n ?? $json.step0 }}', type: 'string' }] }, includeOtherFields: true, options: {} },
			})),
		],
		connections: Object.fromEntries(
			['Webhook', ...names].slice(0, -1).map((from, i) => [from, { main: [[{ node: names[i], type: 'main', index: 0 }]] }]),
		),
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'none' },
	};
}
const bare = webhookThenSets('bench-bare', 1, 'fixed');
const mapped = webhookThenSets('bench-mapped', 1, 'mapped');
const chain = webhookThenSets('bench-chain', CHAIN, 'mapped');

const graph = { appSecret: meta.appSecret, verifyToken: META_VERIFY_TOKEN, apiVersion: 'v21.0', baseUrl: meta.baseUrl };
const n8n = await startN8n({
	workflows: [template, bare, mapped, chain],
	credentials: [
		{ id: 'ccStoreDefault01', name: 'Contact Center Store', type: 'contactCenterStoreApi', data: storeData },
		{ id: 'ccTelegramBot001', name: 'Telegram Bot', type: 'contactCenterTelegramApi', data: { accessToken: telegram.token, baseUrl: outage.baseUrl } },
		{ id: 'ccViberBot000001', name: 'Viber Bot', type: 'contactCenterViberApi', data: { authToken: viber.authToken, senderName: 'Acme Support', senderAvatar: '', baseUrl: viber.baseUrl } },
		{ id: 'ccVkCommunity001', name: 'VK Community', type: 'contactCenterVkApi', data: { accessToken: vk.token, secret: VK_SECRET, baseUrl: vk.baseUrl } },
		{
			id: 'ccWhatsApp000001',
			name: 'WhatsApp Business',
			type: 'contactCenterWhatsAppApi',
			data: { accessToken: meta.whatsapp.token, phoneNumberId: meta.whatsapp.phoneNumberId, templateName: '', templateLanguage: 'en', ...graph },
		},
		{ id: 'ccMessenger00001', name: 'Facebook Page', type: 'contactCenterMessengerApi', data: { accessToken: meta.messenger.token, pageId: meta.messenger.pageId, ...graph } },
	],
	env: { [COUNT_DIR_VARIABLE]: storeCountDir },
	readyTimeoutMs: 240_000,
	queue: QUEUE ? { workers: WORKERS } : undefined,
});
// Whatever ends this script, n8n must not outlive it: a left-over n8n loads the next run.
process.once('exit', () => n8n.abandon());
if (!(await vk.addCallbackServer(n8n.webhookUrl(`${node('vkChannelTrigger').webhookId}/vk`), VK_SECRET))) {
	throw new Error('VK did not confirm the callback server');
}
for (const [platform, object] of [['whatsapp', 'whatsapp_business_account'], ['messenger', 'page']] as const) {
	const url = n8n.webhookUrl(`${node(`${platform}ChannelTrigger`).webhookId}/${platform}`);
	if (!(await meta.subscribe(object, url, META_VERIFY_TOKEN)).subscribed) throw new Error(`Meta did not verify the ${platform} webhook`);
}

/** One customer on one channel: how to write, and how many replies have reached them. */
interface Customer {
	channel: string;
	say(text: string): Promise<boolean>;
	replies(): number;
}
const CHANNELS: Array<() => Customer> = [
	() => {
		const user = telegram.updates.customer({ first_name: 'Bench' });
		return {
			channel: 'telegram',
			say: async (text) => ((await telegram.deliver(telegram.updates.text(user, text))).status === 200),
			replies: () => {
				try {
					return telegram.sent(user.id).length;
				} catch {
					return 0; // the fake knows the chat once the bot wrote to it
				}
			},
		};
	},
	() => {
		const user = viber.callbacks.customer({ name: 'Bench' });
		return { channel: 'viber', say: async (text) => (await viber.deliver(viber.callbacks.text(user, text))).status === 200, replies: () => viber.sent(user).length };
	},
	() => {
		const user = vk.events.customer({ first_name: 'Bench' });
		return { channel: 'vk', say: async (text) => (await vk.deliver(vk.events.text(user, text))).acknowledged, replies: () => vk.sent(user).length };
	},
	() => {
		const user = meta.webhooks.whatsapp.customer('Bench');
		const say = async (text: string) => (await meta.deliver(meta.webhooks.whatsapp.text(user, text))).status === 200;
		return { channel: 'whatsapp', say, replies: () => meta.sent('whatsapp', user.waId).length };
	},
	() => {
		const user = meta.webhooks.messenger.customer();
		const say = async (text: string) => (await meta.deliver(meta.webhooks.messenger.text(user, text))).status === 200;
		return { channel: 'messenger', say, replies: () => meta.sent('messenger', user).length };
	},
];

/** A channel retries a delivery it saw fail; so does this one, every second, within the reply timeout. */
async function deliver(customer: Customer, text: string, deadline: number): Promise<{ acknowledged: boolean; refusals: number }> {
	let refusals = 0;
	while (Date.now() < deadline) {
		const ok = await customer.say(text).catch(() => false);
		if (ok) return { acknowledged: true, refusals };
		refusals++;
		await sleep(1000);
	}
	return { acknowledged: false, refusals };
}

async function until(probe: () => boolean, deadline: number, stepMs = 20): Promise<boolean> {
	while (Date.now() < deadline) {
		if (probe()) return true;
		await sleep(stepMs);
	}
	return probe();
}

/** A customer's replies have stopped coming: nothing new for `quietMs`. */
async function settled(customer: Customer, quietMs: number): Promise<number> {
	let seen = customer.replies();
	for (;;) {
		await sleep(quietMs);
		const now = customer.replies();
		if (now === seen) return now;
		seen = now;
	}
}

// How many replies each kind of message calls for, from one message of each before the load; a
// poisoned message is answered once, by the template's failure path.
const expected = { poison: 1 } as Record<Kind, number>;
for (const { kind, text } of KINDS) {
	const customer = CHANNELS[0]();
	await deliver(customer, text, Date.now() + 60_000);
	await until(() => customer.replies() > 0, Date.now() + 120_000);
	expected[kind] = await settled(customer, 3000);
	if (expected[kind] === 0) throw new Error(`the warm-up "${text}" got no reply`);
}

/**
 * Telegram customers whose card is then made corrupt in the store (it points at itself as the card
 * it was merged into), so that Customer Lookup fails on their next message. Their replies count
 * from after the warm-up message that created the card.
 */
async function poisonedCustomers(count: number): Promise<Customer[]> {
	return Promise.all(
		Array.from({ length: count }, async () => {
			const user = telegram.updates.customer({ first_name: 'Poisoned' });
			const customer = CHANNELS[0]();
			const first = await telegram.deliver(telegram.updates.text(user, 'Hello'));
			if (first.status !== 200) throw new Error('the poisoned customer’s first message was refused');
			await until(() => telegram.sent(user.id).length > 0, Date.now() + 120_000);
			const warmUp = telegram.sent(user.id).length;
			const [identity] = await store.db.query("SELECT customer_id FROM identities WHERE channel = 'telegram' AND external_user_id = ?", [String(user.id)]);
			await store.db.query('UPDATE customers SET merged_into = id WHERE id = ?', [identity.customer_id]);
			return {
				channel: customer.channel,
				say: async (text: string) => (await telegram.deliver(telegram.updates.text(user, text))).status === 200,
				replies: () => telegram.sent(user.id).length - warmUp,
			};
		}),
	);
}
const poisoned = await poisonedCustomers(POISON);
/** Which of the run's messages come from a poisoned customer: spread evenly, none first or last. */
const poisonAt = new Set(Array.from({ length: POISON }, (_, k) => Math.floor(((k + 1) * MESSAGES) / (POISON + 1))));

async function bareWebhook(path: string, requests: number) {
	let failed = 0;
	let next = 0;
	const started = performance.now();
	const cpuBefore = n8n.cpuSeconds();
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (next < requests) {
				const n = next++;
				// A request n8n never answers counts as failed rather than holding the whole measurement.
				const answer = await fetch(n8n.webhookUrl(path), {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ n }),
					signal: AbortSignal.timeout(REFERENCE_TIMEOUT_MS),
				}).catch(() => null);
				if (!answer?.ok) failed++;
				await answer?.arrayBuffer();
			}
		}),
	);
	return {
		requestsPerSecond: requests / ((performance.now() - started) / 1000),
		cpuMsPerRequest: ((n8n.cpuSeconds() - cpuBefore) * 1000) / requests,
		failed,
	};
}

interface Outcome {
	kind: Kind;
	customer: Customer;
	acknowledged: boolean;
	refusals: number;
	latencyMs: number | null;
	sentAt: number;
}

/** Customers whose message was acknowledged and who wait for the first reply. */
const awaitingReply = new Set<Customer>();

async function pipeline(messages: number, atFault: () => Promise<void>) {
	const outcomes: Outcome[] = [];
	let next = 0;
	let faulted: Promise<void> | undefined;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (next < messages) {
				const n = next++;
				if (n === Math.floor(messages * 0.4)) faulted = atFault();
				// Channels in turn, and on each channel three bot questions to two routed ones.
				const regular = Math.floor(n / CHANNELS.length) % 5 < 3 ? KINDS[0] : KINDS[1];
				const { kind, text } = poisonAt.has(n) ? { kind: 'poison' as const, text: KINDS[0].text } : regular;
				const customer = poisonAt.has(n) ? poisoned.pop()! : CHANNELS[n % CHANNELS.length]();
				const sentAt = performance.now();
				const deadline = Date.now() + REPLY_TIMEOUT_MS;
				const { acknowledged, refusals } = await deliver(customer, text, deadline);
				awaitingReply.add(customer);
				const answered = acknowledged && (await until(() => customer.replies() > 0, deadline));
				awaitingReply.delete(customer);
				const latencyMs = answered ? performance.now() - sentAt : null;
				if (answered) await until(() => customer.replies() >= expected[kind], deadline);
				outcomes.push({ kind, customer, acknowledged, refusals, latencyMs, sentAt });
			}
		}),
	);
	const seconds = (performance.now() - started) / 1000;
	await faulted;
	return { outcomes, seconds };
}

/** Conversations with more than one routing entry, and operators holding more than their capacity. */
async function routingChecks() {
	const twice = await store.db.query(
		'SELECT conversation_id FROM routing_entries GROUP BY conversation_id HAVING count(*) > 1',
	);
	const over = await store.db.query(
		`SELECT o.id FROM operators o WHERE o.capacity < (SELECT count(*) FROM routing_entries e WHERE e.operator_id = o.id AND e.state = 'assigned')`,
	);
	const assigned = await store.db.query("SELECT count(*) AS n FROM routing_entries WHERE state = 'assigned'");
	return { assigned: Number(assigned[0].n), assignedTwice: twice.length, overCapacity: over.length };
}

const faultFigures: Record<string, unknown> = {};
const atFault = async () => {
	if (FAULT === 'sigkill') {
		const killedAt = performance.now();
		await n8n.kill('SIGKILL');
		faultFigures.acknowledgedNotAnsweredAtKill = awaitingReply.size;
		await n8n.restart();
		faultFigures.downSeconds = round((performance.now() - killedAt) / 1000);
	} else if (FAULT === 'pg-drop') {
		await admin(`ALTER DATABASE ${STORE_DB} ALLOW_CONNECTIONS false`);
		await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${STORE_DB}'`);
		const errors = n8n.logs().length;
		await sleep(8000);
		await admin(`ALTER DATABASE ${STORE_DB} ALLOW_CONNECTIONS true`);
		faultFigures.outageSeconds = 8;
		faultFigures.errorsLogged = n8n
			.logs()
			.slice(errors)
			.split('\n')
			.filter((line) => /error|refus|terminat|connect/i.test(line))
			.slice(0, 3);
	} else if (FAULT === 'channel-errors') {
		outage.set(500);
		await sleep(1500);
		outage.set(429);
		await sleep(1500);
		outage.set(null);
		faultFigures.telegramRefused = outage.refused;
	}
};

/** Median executionTime per pipeline node over the saved successful executions (SQLite only). */
async function nodeProfile(): Promise<Record<string, number>> {
	const { parse } = createRequire(import.meta.url)(join(n8nRuntimeDir(), 'node_modules/flatted')) as { parse(text: string): any };
	const { DatabaseSync } = await import('node:sqlite');
	const db = new DatabaseSync(join(n8n.userFolder, '.n8n/database.sqlite'), { readOnly: true });
	const times: Record<string, number[]> = {};
	try {
		const rows = db.prepare(
			`SELECT d.data FROM execution_data d JOIN execution_entity e ON e.id = d."executionId"
			 WHERE e."workflowId" = ? AND e.status = 'success'`,
		).all(template.id) as Array<{ data: string }>;
		for (const { data } of rows) {
			const runData = parse(data).resultData.runData as Record<string, Array<{ executionTime: number }>>;
			for (const [name, runs] of Object.entries(runData)) for (const run of runs) (times[name] ??= []).push(run.executionTime);
		}
	} finally {
		db.close();
	}
	return Object.fromEntries(
		Object.entries(times).map(([name, list]) => [name, percentile(list.sort((a, b) => a - b), 50)]),
	);
}

// A round of each first, so that no reference is measured while n8n compiles its path.
for (const path of ['bench-bare', 'bench-mapped', 'bench-chain']) await bareWebhook(path, CONCURRENCY);
const bareBefore = await bareWebhook('bench-bare', MESSAGES);
const mappedFigures = await bareWebhook('bench-mapped', MESSAGES);
const chainFigures = await bareWebhook('bench-chain', MESSAGES);
const cpuBefore = n8n.cpuSeconds();
const cpuByRoleBefore = n8n.cpuSecondsByRole();
const serversBefore = serverCpuSeconds();
// n8n's statistics count a regular process's executions; in queue mode the workers' jobs do.
const pipelineRuns = async () => (QUEUE ? n8n.workerJobs().reduce((a, b) => a + b, 0) : await n8n.productionExecutions(template.id));
const executionsBefore = await pipelineRuns();
// n8n's processes write their counts within a second of a change; the references before touch no store.
const storeBefore = countsByRole(storeCountDir);
const textsBefore = countsByText(storeCountDir);
const sizingDatabases = [...(STORE === 'postgres' ? [STORE_DB] : []), ...(n8n.queue ? [n8n.queue.database] : [])];
const tableReads = async () => Object.fromEntries(await Promise.all(sizingDatabases.map(async (database) => [database, await pgTableReads(database)] as const)));
const sizingBefore = SIZING ? { cpu: n8n.cpuSecondsByRole(), pg: await pgCounters(sizingDatabases), tables: await tableReads() } : undefined;
const redisCount = SIZING && n8n.queue ? await countRedisCommands(n8n.queue.redisPrefix) : undefined;
const pipelineFrom = process.hrtime.bigint() / 1000n;
const { outcomes, seconds } = await pipeline(MESSAGES, atFault);
// The profiles cover the references too; V8 stamps samples in µs of the same monotonic clock.
if (process.env.CC_N8N_CPU_PROFILE_DIR) console.error(`pipeline ran from ${pipelineFrom} to ${process.hrtime.bigint() / 1000n} µs (CPU profile clock)`);
// Anything still under way (a recovery, a retried send) lands before the count.
await sleep(FAULT === 'none' ? 3000 : 10_000);
const sizing = sizingBefore && {
	note: 'per message, over the whole run (bot answers and routed ones mixed as sent)',
	cpuMs: (() => {
		const after = n8n.cpuSecondsByRole();
		return { main: round(((after.main - sizingBefore.cpu.main) * 1000) / MESSAGES), workers: round(((after.workers - sizingBefore.cpu.workers) * 1000) / MESSAGES) };
	})(),
	postgres: pgPerMessage(sizingBefore.pg, await pgCounters(sizingDatabases), MESSAGES),
	// The tables (sequential scans) and indexes of each database that read the most rows.
	tablesRead: await tableReads().then((after) =>
		Object.fromEntries(Object.entries(after).map(([database, tables]) => [database, tableReadsPerMessage(sizingBefore.tables[database] ?? {}, tables, MESSAGES)])),
	),
	redis: redisCount && (({ sent, inScripts, byCommand }) => ({ sent: round(sent / MESSAGES, 2), inScripts: round(inScripts / MESSAGES, 2), byCommand }))(redisCount.stop()),
};
const pipelineExecutions = (await pipelineRuns()) - executionsBefore;
/** Store statements, round trips and transactions per message, main (n8n `start`) and workers apart. */
const storePerMessage = (() => {
	const after = countsByRole(storeCountDir);
	const delta = (role: string, key: keyof DbCounts) => (after[role]?.[key] ?? 0) - (storeBefore[role]?.[key] ?? 0);
	const per = (count: (key: keyof DbCounts) => number) =>
		Object.fromEntries((['statements', 'roundTrips', 'transactions'] as const).map((key) => [key, round(count(key) / MESSAGES, 2)]));
	// The statements sent most, a message, all processes together: where the round trips go.
	const top = Object.entries(countsByText(storeCountDir))
		.map(([text, count]) => [text, round((count - (textsBefore[text] ?? 0)) / MESSAGES, 2)] as const)
		.filter(([, perMessage]) => perMessage >= 0.05)
		.sort((a, b) => b[1] - a[1]);
	return {
		main: per((key) => delta('start', key)),
		workers: QUEUE ? per((key) => delta('worker', key)) : undefined,
		total: per((key) => delta('start', key) + delta('worker', key)),
		top: Object.fromEntries(top),
	};
})();
// A killed n8n takes its CPU count with it: only meaningful without that fault.
const pipelineCpuMs = FAULT === 'sigkill' ? NaN : ((n8n.cpuSeconds() - cpuBefore) * 1000) / MESSAGES;
const cpuByRoleAfter = n8n.cpuSecondsByRole();
const serversAfter = serverCpuSeconds();
// The bare workflow again once the pipeline has run: right after start n8n is still busy with
// its own start-up work, which slowed the first bare round by up to a third in some runs. The
// faster round is the reference, so that the ratio errs low. (After a fault n8n is not as before.)
const bareAfter = FAULT === 'none' ? await bareWebhook('bench-bare', MESSAGES) : undefined;
const bareFigures = bareAfter && bareAfter.requestsPerSecond > bareBefore.requestsPerSecond ? bareAfter : bareBefore;
const final = outcomes.map((o) => ({ ...o, replies: o.customer.replies() }));
const latencyOf = (list: typeof final) => {
	const sorted = list.flatMap((o) => (o.latencyMs === null ? [] : [o.latencyMs])).sort((a, b) => a - b);
	return { p50: round(percentile(sorted, 50), 0), p99: round(percentile(sorted, 99), 0) };
};
const acked = final.filter((o) => o.acknowledged);
const messagesPerSecond = final.filter((o) => o.replies > 0).length / seconds;
const report = {
	bench: 'pipeline',
	mode: QUEUE ? 'queue' : 'regular',
	workers: QUEUE ? WORKERS : undefined,
	jobsPerWorker: QUEUE ? n8n.workerJobs() : undefined,
	store: STORE,
	fault: FAULT === 'none' ? undefined : { kind: FAULT, ...faultFigures, redeliveries: final.reduce((n, o) => n + o.refusals, 0) },
	messages: MESSAGES,
	concurrency: CONCURRENCY,
	channels: CHANNELS.length,
	pipelineMessagesPerSecond: round(messagesPerSecond),
	batchLimit: BATCH_LIMIT ?? 'template',
	// Every pipeline execution of the run (recoveries too, which also start one), per message.
	messagesPerExecution: round(MESSAGES / pipelineExecutions, 2),
	bareWebhookRequestsPerSecond: round(bareFigures.requestsPerSecond),
	ratio: round(messagesPerSecond / bareFigures.requestsPerSecond, 2),
	bareRounds: [bareBefore, ...(bareAfter ? [bareAfter] : [])].map((r) => round(r.requestsPerSecond)),
	mappedSetRequestsPerSecond: round(mappedFigures.requestsPerSecond),
	ratioToMapped: round(messagesPerSecond / mappedFigures.requestsPerSecond, 2),
	[`chain${CHAIN}SetRequestsPerSecond`]: round(chainFigures.requestsPerSecond),
	chainToBareRatio: round(chainFigures.requestsPerSecond / bareFigures.requestsPerSecond, 2),
	// CPU n8n spent per message and per reference request: the cost behind the ratios, much less
	// swayed than throughput by whatever else the machine runs at the time.
	cpuMs: {
		pipeline: round(pipelineCpuMs),
		// In queue mode, the pipeline's share of main (webhooks, handing executions over) and of the workers.
		...(QUEUE && FAULT !== 'sigkill' && {
			pipelineMain: round(((cpuByRoleAfter.main - cpuByRoleBefore.main) * 1000) / MESSAGES),
			pipelineWorkers: round(((cpuByRoleAfter.workers - cpuByRoleBefore.workers) * 1000) / MESSAGES),
		}),
		bare: round(bareFigures.cpuMsPerRequest),
		mapped: round(mappedFigures.cpuMsPerRequest),
		[`chain${CHAIN}`]: round(chainFigures.cpuMsPerRequest),
	},
	cpuRatio: round(bareFigures.cpuMsPerRequest / pipelineCpuMs, 2),
	// What PostgreSQL and Redis spent per pipeline message (every process of theirs on the machine).
	serverCpuMs: {
		postgres: round(((serversAfter.postgres - serversBefore.postgres) * 1000) / MESSAGES),
		redis: round(((serversAfter.redis - serversBefore.redis) * 1000) / MESSAGES),
	},
	storePerMessage,
	latencyMs: latencyOf(final),
	poison: POISON
		? {
				messages: POISON,
				handedOver: final.filter((o) => o.kind === 'poison' && o.replies === 1).length,
				others: { messages: final.filter((o) => o.kind !== 'poison').length, latencyMs: latencyOf(final.filter((o) => o.kind !== 'poison')) },
			}
		: undefined,
	acknowledged: acked.length,
	lost: final.filter((o) => o.replies === 0).length,
	doubled: final.filter((o) => o.replies > expected[o.kind]).length,
	short: final.filter((o) => o.replies > 0 && o.replies < expected[o.kind]).length,
	bareFailed: bareBefore.failed + (bareAfter?.failed ?? 0) + mappedFigures.failed + chainFigures.failed,
	repliesPerMessage: expected,
	routing: await routingChecks(),
	nodeMedianMs: PROFILE && !QUEUE ? await nodeProfile() : undefined,
	sizing,
};
console.log(JSON.stringify(report));

await n8n.stop();
await Promise.all([telegram.close(), viber.close(), vk.close(), meta.close(), outage.close()]);
await closeAllStores();
if (STORE === 'postgres') await admin(`DROP DATABASE IF EXISTS ${STORE_DB} WITH (FORCE)`);
rmSync(dir, { recursive: true, force: true });
