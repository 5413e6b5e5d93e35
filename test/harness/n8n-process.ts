/**
 * A real n8n 2.41 process for end-to-end tests: its own temporary user folder and free ports,
 * this pack loaded from /work/main (built into dist/), the given credentials and workflows
 * imported and published by scripts/prepare-n8n.mjs (the same preparation `npm start` uses).
 * stdout and stderr go to a log file: `logs()` reads it, a failed start quotes its end.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

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
	await run(process.execPath, prepare, logFile);

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
		...options.env,
	};
	const timeoutMs = options.readyTimeoutMs ?? 120_000;

	let child: ChildProcess | undefined;
	const launch = async () => {
		const since = lastPublicationId(userFolder);
		const log = createWriteStream(logFile, { flags: 'a' });
		child = spawn(process.execPath, [join(n8nDir, 'node_modules/n8n/bin/n8n'), 'start'], {
			env,
			cwd: userFolder,
			// its own process group, so that a signal reaches the task runner it spawns as well
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		child.stdout!.pipe(log);
		child.stderr!.pipe(log);
		await waitUntilPublished(child, baseUrl, userFolder, published, since, timeoutMs, logFile);
	};
	const signal = async (sig: NodeJS.Signals): Promise<number | null> => {
		const running = child;
		if (!running || running.exitCode !== null || running.signalCode !== null) return running?.exitCode ?? null;
		const exited = new Promise<number | null>((done) => running.once('exit', done));
		process.kill(-running.pid!, sig);
		const forced = setTimeout(() => process.kill(-running.pid!, 'SIGKILL'), 30_000);
		const code = await exited;
		clearTimeout(forced);
		return code;
	};

	try {
		await launch();
	} catch (error) {
		await signal('SIGKILL');
		throw error;
	}
	return {
		baseUrl,
		userFolder,
		webhookUrl: (path) => `${baseUrl}/webhook/${path.replace(/^\//, '')}`,
		logs: () => readFileSync(logFile, 'utf8'),
		kill: (sig = 'SIGKILL') => signal(sig),
		restart: async () => {
			await signal('SIGTERM');
			await launch();
		},
		stop: async () => {
			await signal('SIGTERM');
			if (process.env.CC_KEEP_N8N_FOLDER !== '1') rmSync(root, { recursive: true, force: true });
		},
	};
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

function run(command: string, args: string[], logFile: string): Promise<void> {
	return new Promise((done, fail) => {
		const child = spawn(command, args, { env: inheritedEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
		const log = createWriteStream(logFile, { flags: 'a' });
		child.stdout.pipe(log);
		child.stderr.pipe(log);
		child.on('error', fail);
		child.on('exit', (code) =>
			code === 0 ? done() : fail(new Error(`${args[0]} exited with ${code}:\n${tail(logFile)}`)),
		);
	});
}

function freePort(): Promise<number> {
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
function publicationState(userFolder: string, workflowId: string, since: number): PublicationState {
	const db = new DatabaseSync(join(userFolder, '.n8n/database.sqlite'), { readOnly: true });
	try {
		const attempt = db
			.prepare('SELECT status, errorMessage FROM workflow_publication_outbox WHERE workflowId = ? AND id > ? ORDER BY id DESC LIMIT 1')
			.get(workflowId, since) as PublicationState['attempt'];
		const triggers = db
			.prepare(
				`SELECT t.status, t.errorMessage, t.triggerKind FROM workflow_publication_trigger_status t
				 JOIN workflow_entity w ON w.id = t.workflowId AND w.activeVersionId = t.versionId WHERE w.id = ?`,
			)
			.all(workflowId) as unknown as PublicationState['triggers'];
		return { attempt, triggers };
	} finally {
		db.close();
	}
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

function lastPublicationId(userFolder: string): number {
	const db = new DatabaseSync(join(userFolder, '.n8n/database.sqlite'), { readOnly: true });
	try {
		const row = db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM workflow_publication_outbox').get() as { id: number };
		return row.id;
	} finally {
		db.close();
	}
}

async function waitUntilPublished(
	child: ChildProcess,
	baseUrl: string,
	userFolder: string,
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
			const states = published.map((id) => [id, isActive(publicationState(userFolder, id, since))] as const);
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
