/**
 * A real n8n 2.41 process for end-to-end tests: its own temporary user folder and free ports,
 * this pack loaded from /work/main (built into dist/), the given credentials and workflows
 * imported and published by scripts/prepare-n8n.mjs (the same preparation `npm start` uses).
 * stdout and stderr go to a log file: `logs()` reads it, a failed start quotes its end.
 * With `queue`, n8n runs in its queue mode: its own database on PostgreSQL (a fresh database on
 * 127.0.0.1:5432, dropped at stop), Redis on 127.0.0.1:6379 under a key prefix of its own, and
 * `workers` worker processes sharing the user folder (pack, encryption key) beside the main one.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import pg from 'pg';

import { cpuSecondsBy } from './proc-cpu';

const ROOT = resolve(__dirname, '../..');

export interface N8nCredential {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface StartN8nOptions {
	/** Paths of workflow JSON files or the workflows themselves; each needs its own `id`. */
	workflows: Array<string | { id: string }>;
	credentials?: N8nCredential[];
	env?: Record<string, string>;
	readyTimeoutMs?: number;
	queue?: { workers: number };
}

export interface N8nProcess {
	baseUrl: string;
	userFolder: string;
	webhookUrl(path: string): string;
	/** SIGTERM, wait for the exit, delete the temporary folder (kept when CC_KEEP_N8N_FOLDER=1). */
	stop(): Promise<void>;
	/** Sends the signal to n8n and its task runner, waits, and gives n8n's exit code (null when
	 * the signal ended it); the folder stays. */
	kill(signal?: NodeJS.Signals): Promise<number | null>;
	/** Stops n8n if it runs and starts it again on the same folder and port. */
	restart(): Promise<void>;
	logs(): string;
	/** In queue mode: how many jobs each worker ran, from its log (`Worker started execution`). */
	workerJobs(): number[];
	/** How many production executions of the workflow n8n has finished, by its own statistics. */
	productionExecutions(workflowId: string): Promise<number>;
	/** Executions of a workflow that a request started (a webhook, a form), apart from its schedules'. */
	requestExecutions(workflowId: string): Promise<number>;
	/** CPU seconds used so far by n8n, its task runner and its workers (all their threads; Linux). */
	cpuSeconds(): number;
	/** The same, main (with its task runner) apart from the workers. */
	cpuSecondsByRole(): { main: number; workers: number };
	/** In queue mode: n8n's PostgreSQL database and the prefix of its Redis keys (QUEUE_BULL_PREFIX). */
	queue?: { database: string; redisPrefix: string };
	/**
	 * SIGKILL to n8n, its task runner and its workers, at once and without waiting: for a script
	 * exiting on an error, whose detached n8n would otherwise live on and load the machine.
	 */
	abandon(): void;
}

let runtimeDir: string | undefined;

/** The n8n folder from scripts/ensure-runtime.sh: quick once installed, and serialised by its lock. */
export function n8nRuntimeDir(): string {
	runtimeDir ??= execFileSync('bash', [join(ROOT, 'scripts/ensure-runtime.sh')], { encoding: 'utf8' }).trim();
	return runtimeDir;
}

export async function startN8n(options: StartN8nOptions): Promise<N8nProcess> {
	const n8nDir = n8nRuntimeDir();
	const root = mkdtempSync(join(tmpdir(), 'cc-n8n-'));
	const userFolder = join(root, 'user');
	const input = join(root, 'input');
	const logFile = join(root, 'n8n.log');
	mkdirSync(input, { recursive: true });
	writeFileSync(logFile, '');

	const credentialsFile = join(input, 'credentials.json');
	writeFileSync(credentialsFile, JSON.stringify(options.credentials ?? []));
	const workflowArgs = options.workflows.flatMap((workflow, i) => {
		if (typeof workflow === 'string') return ['--workflows', resolve(workflow)];
		const file = join(input, `workflow-${i}.json`);
		writeFileSync(file, JSON.stringify(workflow));
		return ['--workflows', file];
	});
	const prepare = [join(ROOT, 'scripts/prepare-n8n.mjs'), userFolder, '--n8n', n8nDir, '--creds', credentialsFile, ...workflowArgs];
	const queueEnv = options.queue ? queueModeEnv(root) : {};
	await run(process.execPath, prepare, logFile, queueEnv);
	const database = n8nDatabase(userFolder, queueEnv);

	const published: string[] = JSON.parse(readFileSync(join(userFolder, 'import/published.json'), 'utf8'));
	const [port, brokerPort] = [await freePort(), await freePort()];
	const baseUrl = `http://127.0.0.1:${port}`;
	const env = {
		...inheritedEnv(),
		...readEnvFile(join(userFolder, 'n8n.env')),
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		WEBHOOK_URL: `${baseUrl}/`,
		...queueEnv,
		...cpuProfileEnv(),
		...options.env,
	};
	const workerLogs = Array.from({ length: options.queue?.workers ?? 0 }, (_, i) => join(root, `worker-${i + 1}.log`));
	let workers: ChildProcess[] = [];
	const timeoutMs = options.readyTimeoutMs ?? 120_000;

	let child: ChildProcess | undefined;
	const launch = async () => {
		const since = await lastPublicationId(database);
		const log = createWriteStream(logFile, { flags: 'a' });
		child = spawn(process.execPath, [...nodeFlags(), join(n8nDir, 'node_modules/n8n/bin/n8n'), 'start'], {
			env,
			cwd: userFolder,
			// its own process group, so that a signal reaches the task runner it spawns as well
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		child.stdout!.pipe(log);
		child.stderr!.pipe(log);
		await waitUntilPublished(child, baseUrl, database, published, since, timeoutMs, logFile);
	};
	/** Workers start once main has migrated the database; each has its own health and runner ports. */
	const launchWorkers = async () => {
		workers = await Promise.all(
			workerLogs.map(async (file) => {
				const [healthPort, brokerPort] = [await freePort(), await freePort()];
				const log = createWriteStream(file, { flags: 'a' });
				const worker = spawn(process.execPath, [...nodeFlags(), join(n8nDir, 'node_modules/n8n/bin/n8n'), 'worker'], {
					env: {
						...env,
						QUEUE_HEALTH_CHECK_ACTIVE: 'true',
						QUEUE_HEALTH_CHECK_PORT: String(healthPort),
						N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
						N8N_RUNNERS_BROKER_PORT: String(brokerPort),
					},
					cwd: userFolder,
					detached: true,
					stdio: ['ignore', 'pipe', 'pipe'],
				});
				worker.stdout!.pipe(log);
				worker.stderr!.pipe(log);
				const deadline = Date.now() + timeoutMs;
				while (!(await isReady(`http://127.0.0.1:${healthPort}`))) {
					if (worker.exitCode !== null || Date.now() > deadline) {
						throw new Error(`n8n worker did not start:\n--- end of ${file} ---\n${tail(file)}`);
					}
					await new Promise((wake) => setTimeout(wake, 250));
				}
				return worker;
			}),
		);
	};
	const signal = async (sig: NodeJS.Signals, running = child): Promise<number | null> => {
		if (!running || running.exitCode !== null || running.signalCode !== null) return running?.exitCode ?? null;
		const exited = new Promise<number | null>((done) => running.once('exit', done));
		process.kill(-running.pid!, sig);
		const forced = setTimeout(() => process.kill(-running.pid!, 'SIGKILL'), 30_000);
		const code = await exited;
		clearTimeout(forced);
		return code;
	};

	const stopWorkers = (sig: NodeJS.Signals) => Promise.all(workers.map((worker) => signal(sig, worker)));
	/** Each process runs in a group of its own, led by its pid. */
	const groups = () => [child, ...workers].flatMap((running) => (running?.pid ? [running.pid] : []));

	try {
		await launch();
		await launchWorkers();
	} catch (error) {
		await Promise.all([signal('SIGKILL'), stopWorkers('SIGKILL')]);
		await database.drop();
		throw error;
	}
	return {
		baseUrl,
		userFolder,
		webhookUrl: (path) => `${baseUrl}/webhook/${path.replace(/^\//, '')}`,
		logs: () => [logFile, ...workerLogs].map((file) => readFileSync(file, 'utf8')).join('\n'),
		workerJobs: () => workerLogs.map((file) => readFileSync(file, 'utf8').split('Worker started execution').length - 1),
		productionExecutions: async (workflowId) => {
			const rows = await database.query(
				`SELECT count FROM workflow_statistics WHERE "workflowId" = ? AND name IN ('production_success', 'production_error')`,
				[workflowId],
			);
			return rows.reduce((sum, row) => sum + Number(row.count), 0);
		},
		requestExecutions: async (workflowId) => {
			const rows = await database.query(`SELECT COUNT(*) AS n FROM execution_entity WHERE "workflowId" = ? AND mode = 'webhook'`, [workflowId]);
			return Number(rows[0]?.n ?? 0);
		},
		kill: (sig = 'SIGKILL') => signal(sig),
		cpuSeconds: () => groupCpuSeconds(groups()),
		cpuSecondsByRole: () => ({
			main: groupCpuSeconds(child?.pid ? [child.pid] : []),
			workers: groupCpuSeconds(workers.flatMap((worker) => (worker.pid ? [worker.pid] : []))),
		}),
		queue: options.queue ? { database: queueEnv.DB_POSTGRESDB_DATABASE, redisPrefix: queueEnv.QUEUE_BULL_PREFIX } : undefined,
		abandon: () => {
			for (const group of groups()) {
				try {
					process.kill(-group, 'SIGKILL');
				} catch {
					// already gone
				}
			}
		},
		restart: async () => {
			await signal('SIGTERM');
			await launch();
		},
		stop: async () => {
			await Promise.all([signal('SIGTERM'), stopWorkers('SIGTERM')]);
			await database.drop();
			if (process.env.CC_KEEP_N8N_FOLDER !== '1') rmSync(root, { recursive: true, force: true });
		},
	};
}

/** CPU seconds n8n uses in a second now: a quiet queue-mode n8n still polls (Redis, workers' checks). */
export async function cpuPerSecond(n8n: Pick<N8nProcess, 'cpuSeconds'>): Promise<number> {
	const before = n8n.cpuSeconds();
	await new Promise((wake) => setTimeout(wake, 1000));
	return n8n.cpuSeconds() - before;
}

/** Waits until n8n used under 30 ms of CPU in a second above `floor` (its executions are done), at most a minute. */
export async function untilIdle(n8n: Pick<N8nProcess, 'cpuSeconds'>, floor = 0): Promise<void> {
	for (let second = 0; second < 60; second++) {
		if ((await cpuPerSecond(n8n)) < floor + 0.03) return;
	}
}

/**
 * CC_N8N_CPU_PROFILE_DIR=<dir>: the main n8n process and each worker write a V8 CPU profile there
 * when they stop (how the pipeline's costs were found). CC_N8N_NODE_ARGS: more flags for their
 * Node, space-separated, such as `--trace-gc` (how the flood bench's stalls were found: n8n's log
 * then times every garbage collection; CC_KEEP_N8N_FOLDER=1 keeps the log).
 */
function nodeFlags(): string[] {
	const dir = process.env.CC_N8N_CPU_PROFILE_DIR;
	const extra = process.env.CC_N8N_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
	return [...extra, ...(dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [])];
}

/**
 * A profile is written only when the process exits by itself. In queue mode main stopping beside
 * its workers could wait for an execution until the 30 s after which stop() kills it; n8n's own
 * shutdown limit, shorter, makes it exit first.
 */
function cpuProfileEnv(): Record<string, string> {
	return process.env.CC_N8N_CPU_PROFILE_DIR ? { N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10' } : {};
}

/** User and system CPU of every live process in the given process groups. */
function groupCpuSeconds(groups: number[]): number {
	return cpuSecondsBy(({ processGroup }) => (groups.includes(processGroup) ? 'n8n' : undefined)).n8n ?? 0;
}

/** Jest's environment would put n8n into its own test mode (with NODE_ENV=test the CLI keeps its
 * database in memory and `start` refuses to load nodes). */
function inheritedEnv(): Record<string, string> {
	return Object.fromEntries(
		Object.entries(process.env).filter(
			(entry): entry is [string, string] => entry[1] !== undefined && entry[0] !== 'NODE_ENV' && !entry[0].startsWith('JEST_'),
		),
	);
}

function readEnvFile(file: string): Record<string, string> {
	return Object.fromEntries(
		readFileSync(file, 'utf8')
			.split('\n')
			.filter(Boolean)
			.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
	);
}

/** n8n's settings for queue mode; the names are unique to this start (several may run at once). */
function queueModeEnv(root: string): Record<string, string> {
	const name = `cc_n8n_${root.slice(-6).toLowerCase().replace(/[^a-z0-9]/g, '_')}`;
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: '5432',
		DB_POSTGRESDB_DATABASE: name,
		DB_POSTGRESDB_USER: 'postgres',
		DB_POSTGRESDB_SCHEMA: 'public',
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: '6379',
		QUEUE_BULL_PREFIX: name,
	};
}

/** n8n's own database, SQLite in the user folder or PostgreSQL, for the readiness checks. */
interface N8nDatabase {
	query(sql: string, params: unknown[]): Promise<Array<Record<string, unknown>>>;
	/** Drops a PostgreSQL database made for this start (and the queue's Redis keys stay: they expire with their jobs). */
	drop(): Promise<void>;
}

function n8nDatabase(userFolder: string, env: Record<string, string>): N8nDatabase {
	if (env.DB_TYPE !== 'postgresdb') {
		return {
			query: async (sql, params) => {
				const db = new DatabaseSync(join(userFolder, '.n8n/database.sqlite'), { readOnly: true });
				try {
					return db.prepare(sql).all(...(params as Array<string | number>)) as Array<Record<string, unknown>>;
				} finally {
					db.close();
				}
			},
			drop: async () => undefined,
		};
	}
	const settings = { host: env.DB_POSTGRESDB_HOST, port: Number(env.DB_POSTGRESDB_PORT), user: env.DB_POSTGRESDB_USER };
	const connected = async <T>(database: string, use: (client: pg.Client) => Promise<T>): Promise<T> => {
		const client = new pg.Client({ ...settings, database });
		await client.connect();
		try {
			return await use(client);
		} finally {
			await client.end();
		}
	};
	return {
		query: (sql, params) => {
			let n = 0;
			return connected(env.DB_POSTGRESDB_DATABASE, async (client) => (await client.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows);
		},
		drop: async () => {
			if (process.env.CC_KEEP_N8N_FOLDER === '1') return;
			await connected('postgres', (client) => client.query(`DROP DATABASE IF EXISTS "${env.DB_POSTGRESDB_DATABASE}" WITH (FORCE)`));
		},
	};
}

function run(command: string, args: string[], logFile: string, env: Record<string, string> = {}): Promise<void> {
	return new Promise((done, fail) => {
		const child = spawn(command, args, { env: { ...inheritedEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
		const log = createWriteStream(logFile, { flags: 'a' });
		child.stdout.pipe(log);
		child.stderr.pipe(log);
		child.on('error', fail);
		child.on('exit', (code) =>
			code === 0 ? done() : fail(new Error(`${args[0]} exited with ${code}:\n${tail(logFile)}`)),
		);
	});
}

/** A port on 127.0.0.1 nothing listens on right now. */
export function freePort(): Promise<number> {
	return new Promise((done, fail) => {
		const server = createServer();
		server.once('error', fail);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => done(port));
		});
	});
}

interface PublicationState {
	/** the newest attempt of this start to activate it, if any */
	attempt?: { status: string; errorMessage: string | null };
	triggers: Array<{ status: string; errorMessage: string | null; triggerKind: string }>;
}

/** n8n 2.41 activates published workflows in the background once the server is up. Each attempt
 * is a row of workflow_publication_outbox (ids after `since` belong to this start) and leaves one
 * row per trigger in workflow_publication_trigger_status. Webhook triggers ('persisted') stay
 * registered in the database across restarts; 'in-memory' ones (schedules, polls) are activated
 * again on every start. */
async function publicationState(database: N8nDatabase, workflowId: string, since: number): Promise<PublicationState> {
	const [attempt] = (await database.query(
		'SELECT status, "errorMessage" FROM workflow_publication_outbox WHERE "workflowId" = ? AND id > ? ORDER BY id DESC LIMIT 1',
		[workflowId, since],
	)) as Array<NonNullable<PublicationState['attempt']>>;
	const triggers = (await database.query(
		`SELECT t.status, t."errorMessage", t."triggerKind" FROM workflow_publication_trigger_status t
		 JOIN workflow_entity w ON w.id = t."workflowId" AND w."activeVersionId" = t."versionId" WHERE w.id = ?`,
		[workflowId],
	)) as unknown as PublicationState['triggers'];
	return { attempt, triggers };
}

/** A reason the workflow failed to activate, true once it is active, false while it is on its way. */
function isActive({ attempt, triggers }: PublicationState): string | boolean {
	if (attempt?.status === 'failed' || attempt?.status === 'partial_success') return `${attempt.status}: ${attempt.errorMessage}`;
	const failedTrigger = triggers.find((t) => t.status !== 'activated');
	if (failedTrigger && attempt?.status === 'completed') return `trigger ${failedTrigger.status}: ${failedTrigger.errorMessage}`;
	if (attempt && attempt.status !== 'completed') return false;
	const needsThisStart = triggers.some((t) => t.triggerKind !== 'persisted');
	return triggers.length > 0 && !failedTrigger && (!needsThisStart || attempt !== undefined);
}

async function lastPublicationId(database: N8nDatabase): Promise<number> {
	const [row] = await database.query('SELECT COALESCE(MAX(id), 0) AS id FROM workflow_publication_outbox', []);
	return Number(row.id);
}

async function waitUntilPublished(
	child: ChildProcess,
	baseUrl: string,
	database: N8nDatabase,
	published: string[],
	since: number,
	timeoutMs: number,
	logFile: string,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	const failure = (why: string) => new Error(`n8n did not start: ${why}\n--- end of ${logFile} ---\n${tail(logFile)}`);
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) throw failure(`it exited (${child.exitCode ?? child.signalCode})`);
		if (await isReady(baseUrl)) {
			const states = await Promise.all(published.map(async (id) => [id, isActive(await publicationState(database, id, since))] as const));
			const failed = states.filter(([, state]) => typeof state === 'string');
			if (failed.length > 0) throw failure(failed.map(([id, why]) => `workflow ${id} ${why}`).join('; '));
			if (states.every(([, state]) => state === true)) return;
		}
		await new Promise((wake) => setTimeout(wake, 250));
	}
	throw failure(`not ready with every workflow published within ${timeoutMs} ms`);
}

async function isReady(baseUrl: string): Promise<boolean> {
	try {
		return (await fetch(`${baseUrl}/healthz/readiness`)).ok;
	} catch {
		return false;
	}
}

function tail(file: string): string {
	return readFileSync(file, 'utf8').split('\n').slice(-60).join('\n');
}
