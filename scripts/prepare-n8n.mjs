// Prepares an n8n user folder for this pack: the pack linked in as a community package,
// a stable encryption key, the credentials and the workflow templates imported and published.
// Shared by `npm start` (scripts/start.sh) and the end-to-end harness (test/harness/n8n-process.ts).
// Run with Node 24 (node:sqlite):
//   node scripts/prepare-n8n.mjs <userFolder> --n8n <n8n folder> [--creds <file>] [--workflows <file|dir>]...
// Without --creds the credentials come from the environment (CREDENTIALS_FROM_ENV below);
// without --workflows every workflows/*.json of the pack is imported.
// Writes <userFolder>/n8n.env (KEY=value lines every n8n command of this folder needs) and
// <userFolder>/import/published.json (ids of the workflows it published) and
// <userFolder>/templates.imported.json (the version each import made: a workflow saved in n8n since is
// not imported again).
// n8n's own database is SQLite in the user folder unless the environment says DB_TYPE=postgresdb
// (DB_POSTGRESDB_HOST/PORT/DATABASE/USER/PASSWORD/SCHEMA; the database is created if missing);
// those settings and EXECUTIONS_MODE / QUEUE_BULL_* go into n8n.env too, so that every process of
// a queue-mode setup (main, workers) started from this folder uses the same database and Redis.
// CC_STORE_BACKEND=postgres (with CC_STORE_HOST/PORT/DATABASE/USER/SCHEMA) puts the pack's store
// on PostgreSQL instead of SQLite, as queue mode requires.
// Admin forms (n8n Form Triggers, such as the outage broadcast) are never public: each install gets
// its own form ids and its own sign-in (<userFolder>/install-secrets.json, 0600), and a form
// without authentication is imported disabled.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { hookFiles } from './lib/hook-files.mjs';

const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Credentials `npm start` creates; a channel's appears only when its environment variables are set. */
const CREDENTIALS_FROM_ENV = [
	{
		id: 'ccStoreDefault01',
		name: 'Contact Center Store',
		type: 'contactCenterStoreApi',
		data: (env) =>
			env.CC_STORE_BACKEND === 'postgres'
				? {
						backend: 'postgres',
						host: env.CC_STORE_HOST ?? '127.0.0.1',
						port: Number(env.CC_STORE_PORT ?? 5432),
						database: env.CC_STORE_DATABASE ?? 'postgres',
						user: env.CC_STORE_USER ?? 'postgres',
						password: env.CC_STORE_PASSWORD ?? '',
						schema: env.CC_STORE_SCHEMA ?? 'contact_center',
					}
				: { backend: 'sqlite', sqliteFile: '' },
	},
	{
		id: 'ccTelegramBot001',
		name: 'Telegram Bot',
		type: 'contactCenterTelegramApi',
		data: (env) => env.TELEGRAM_BOT_TOKEN && { accessToken: env.TELEGRAM_BOT_TOKEN },
	},
	{
		// The call-deflection template's phone platform: Twilio's auth token, or Zadarma's / a PBX's secret.
		id: 'ccPhone000000001',
		name: 'Phone Platform',
		type: 'contactCenterPhoneApi',
		data: (env) =>
			env.PHONE_PLATFORM && {
				platform: env.PHONE_PLATFORM,
				accountSid: env.PHONE_ACCOUNT_SID ?? '',
				authToken: env.PHONE_AUTH_TOKEN ?? '',
				secret: env.PHONE_SECRET ?? '',
				baseUrl: env.PHONE_API_BASE_URL ?? 'https://api.twilio.com',
			},
	},
	{
		// The proactive-order-status webhook accepts only calls that carry this shared secret.
		id: 'ccOrderHookAuth1',
		name: 'Order system shared secret',
		type: 'httpHeaderAuth',
		data: (env) => env.ORDER_HOOK_SECRET && { name: 'X-Order-Secret', value: env.ORDER_HOOK_SECRET },
	},
];

function parseArgs(argv) {
	const [userFolder, ...rest] = argv;
	if (!userFolder) throw new Error('usage: prepare-n8n.mjs <userFolder> --n8n <dir> [--creds <file>] [--workflows <file|dir>]...');
	const args = { userFolder: resolve(userFolder), workflows: [] };
	for (let i = 0; i < rest.length; i += 2) {
		const [flag, value] = [rest[i], rest[i + 1]];
		if (value === undefined) throw new Error(`${flag} needs a value`);
		if (flag === '--n8n') args.n8nDir = resolve(value);
		else if (flag === '--creds') args.credsFile = resolve(value);
		else if (flag === '--workflows') args.workflows.push(resolve(value));
		else throw new Error(`unknown flag ${flag}`);
	}
	if (!args.n8nDir) throw new Error('--n8n <folder printed by scripts/ensure-runtime.sh> is required');
	if (args.workflows.length === 0) args.workflows.push(join(PACKAGE_DIR, 'workflows'));
	return args;
}

/** Made once per install and kept: the seed of the admin forms' ids and their sign-in. A template
 * ships the same ids to everyone, so an id from a template must never be what keeps a form hidden. */
function installSecrets(userFolder) {
	const file = join(userFolder, 'install-secrets.json');
	if (!existsSync(file)) {
		const secrets = { idSeed: randomBytes(32).toString('base64url'), formUser: 'ops', formPassword: randomBytes(18).toString('base64url') };
		writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
	}
	return { file, ...JSON.parse(readFileSync(file, 'utf8')) };
}

/** The credential every shipped admin form signs in with (n8n's Basic Auth). */
const ADMIN_FORM_CREDENTIAL = { id: 'ccAdminFormAuth1', name: 'Admin forms sign-in', type: 'httpBasicAuth' };

const adminFormCredential = (secrets) => ({ ...ADMIN_FORM_CREDENTIAL, data: { user: secrets.formUser, password: secrets.formPassword } });

const isForm = (node) => node.type === 'n8n-nodes-base.formTrigger';
const formIsPublicByDefault = (node) => (node.parameters?.authentication ?? 'none') === 'none';

/** A form's URL is /form/<webhookId>: derived from the install's seed, stable across restarts
 * (re-imports keep the URL) and different in every install. */
function perInstallWebhookId(seed, workflowId, node) {
	const hex = createHash('sha256').update(`${seed}\0${workflowId}\0${node.id}`).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Admin forms get per-install ids; one left without authentication is disabled, so that its
 * workflow is not published with a form anyone could submit. */
function withAdminFormsLocked(workflow, seed) {
	const nodes = workflow.nodes.map((node) => {
		if (!isForm(node)) return node;
		const locked = { ...node, webhookId: perInstallWebhookId(seed, workflow.id, node) };
		return formIsPublicByDefault(node) ? { ...locked, disabled: true } : locked;
	});
	return { ...workflow, nodes };
}

function encryptionKey(userFolder) {
	const file = join(userFolder, 'encryption.key');
	if (!existsSync(file)) writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600 });
	return readFileSync(file, 'utf8').trim();
}

/** n8n loads community packages from <user folder>/.n8n/nodes/node_modules under their own
 * package name, so node types read `n8n-nodes-contact-center.<node>` as in the templates
 * (N8N_CUSTOM_EXTENSIONS would load them as `CUSTOM.<node>`). */
function linkPackage(userFolder) {
	const { name } = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8'));
	const modules = join(userFolder, '.n8n', 'nodes', 'node_modules');
	const link = join(modules, name);
	mkdirSync(modules, { recursive: true });
	if (existsSync(link) || isSymlink(link)) {
		if (isSymlink(link) && readlinkSync(link) === PACKAGE_DIR) return;
		rmSync(link, { recursive: true, force: true });
	}
	symlinkSync(PACKAGE_DIR, link, 'dir');
}

function isSymlink(path) {
	try {
		return lstatSync(path).isSymbolicLink();
	} catch {
		return false;
	}
}

/** Settings every process sharing this folder must agree on: n8n's database, queue mode, Redis. */
const SHARED_SETTING = /^(DB_|EXECUTIONS_MODE$|QUEUE_BULL_)/;

function n8nEnv(userFolder) {
	return {
		...Object.fromEntries(Object.entries(process.env).filter(([key]) => SHARED_SETTING.test(key))),
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: encryptionKey(userFolder),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		// n8n 2.x builds an isolate for expressions per execution, and for the webhook phase of every
		// trigger that is not its own Webhook node: the pack's channel triggers evaluate no expression
		// there, and the shipped pipeline none per message. Built on first use, an isolate is built
		// only where an expression runs. Overridable from the environment like the rest.
		N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: process.env.N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE ?? 'true',
		// The pack's nodes reuse a credential they read for this long (see node-kit/credentials.ts):
		// an edited credential is in use within 10 s; 0 reads it on every call as n8n does.
		CC_CREDENTIAL_REUSE_SECONDS: process.env.CC_CREDENTIAL_REUSE_SECONDS ?? '10',
		// The pack's hook files (scripts/lib/hook-files.mjs) after the user's own. deploy/queue.env
		// names them where n8n's image installs the pack.
		EXTERNAL_HOOK_FILES: hookFiles(process.env, PACKAGE_DIR),
	};
}

function credentialsFromEnv(env) {
	return CREDENTIALS_FROM_ENV.map(({ data, ...credential }) => ({ ...credential, data: data(env) })).filter((c) => c.data);
}

function readWorkflows(paths) {
	const files = paths.flatMap((path) =>
		statSync(path).isDirectory()
			? readdirSync(path).filter((f) => f.endsWith('.json')).sort().map((f) => join(path, f))
			: [path],
	);
	return files.map((file) => {
		const workflow = JSON.parse(readFileSync(file, 'utf8'));
		if (!workflow.id) throw new Error(`${file}: a template needs its own "id" so that re-imports replace it`);
		return workflow;
	});
}

const isTrigger = (node) => /trigger$/i.test(node.type) || node.type === 'n8n-nodes-base.webhook';

/**
 * An empty credential for every channel a template names that is neither configured nor in n8n yet
 * (its id), so that ops staff who fill in one credential in the editor bring the channel in
 * everywhere: the trigger, the operator desk's replies, the notifications all name the same id,
 * and one created anew in the editor would serve only the node it was picked on. Only the pack's
 * channel credentials, which refuse to work empty (no token, no signature secret); a shared-secret
 * or sign-in credential left empty is never made.
 */
function emptyChannelCredentials(workflows, existingIds) {
	const byId = new Map();
	for (const node of workflows.flatMap((w) => w.nodes)) {
		for (const [type, { id, name }] of Object.entries(node.credentials ?? {})) {
			if (!/^contactCenter\w+Api$/.test(type) || existingIds.has(id)) continue;
			// Templates name a credential a little differently here and there: the first name seen wins.
			if (!byId.has(id)) byId.set(id, { id, name, type, data: {} });
		}
	}
	return [...byId.values()];
}

/** A trigger whose credential is not configured would fail activation: it is disabled instead.
 * A workflow left without an enabled trigger is imported but not published. */
function withUnconfiguredTriggersDisabled(workflow, credentialIds) {
	const nodes = workflow.nodes.map((node) => {
		const ids = Object.values(node.credentials ?? {}).map((ref) => ref.id);
		const unconfigured = isTrigger(node) && ids.some((id) => !credentialIds.has(id));
		return unconfigured ? { ...node, disabled: true } : node;
	});
	return { ...workflow, nodes, active: false };
}

const hasEnabledTrigger = (workflow) => workflow.nodes.some((node) => isTrigger(node) && !node.disabled);

async function n8n(n8nDir, env, args) {
	const bin = join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n');
	try {
		await promisify(execFile)(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
	} catch (error) {
		throw new Error(`n8n ${args.join(' ')} failed:\n${error.stdout}\n${error.stderr}`);
	}
}

const onPostgres = (env) => env.DB_TYPE === 'postgresdb';

function postgresSettings(env) {
	return {
		host: env.DB_POSTGRESDB_HOST ?? 'localhost',
		port: Number(env.DB_POSTGRESDB_PORT ?? 5432),
		user: env.DB_POSTGRESDB_USER ?? 'postgres',
		password: env.DB_POSTGRESDB_PASSWORD ?? '',
		database: env.DB_POSTGRESDB_DATABASE ?? 'n8n',
	};
}

/** n8n's cap on a statement (its default for DB_POSTGRESDB_STATEMENT_TIMEOUT), in milliseconds. */
const STATEMENT_CAP_MS = 300000;

/**
 * n8n creates its tables but not its PostgreSQL database. The database also takes n8n's cap on a
 * statement, so that n8n need not set it itself: n8n 2.41 sends `SET statement_timeout` each time it
 * takes a connection from its pool, a round trip before nearly every query (README, Running at
 * scale). False when this user may not set it (not the database's owner).
 */
async function ensurePostgresDatabase(env) {
	const { default: pg } = await import('pg');
	const settings = postgresSettings(env);
	const client = new pg.Client({ ...settings, database: 'postgres' });
	await client.connect();
	const name = `"${settings.database.replace(/"/g, '""')}"`;
	try {
		const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [settings.database]);
		if (!rowCount) await client.query(`CREATE DATABASE ${name}`);
		return await client.query(`ALTER DATABASE ${name} SET statement_timeout = ${STATEMENT_CAP_MS}`).then(
			() => true,
			(error) => (console.warn(`n8n keeps its own statement cap: ${error.message}`), false),
		);
	} finally {
		await client.end();
	}
}

/** `use` given n8n's own database (SQLite in the user folder, or PostgreSQL); `query` takes `?` placeholders. */
async function withN8nDatabase(userFolder, env, use) {
	const db = await openN8nDatabase(userFolder, env);
	try {
		return await use(db);
	} finally {
		await db.close();
	}
}

async function openN8nDatabase(userFolder, env) {
	if (onPostgres(env)) {
		const { default: pg } = await import('pg');
		const client = new pg.Client(postgresSettings(env));
		await client.connect();
		await client.query(`SET search_path TO "${env.DB_POSTGRESDB_SCHEMA ?? 'public'}"`);
		return {
			query: async (sql, params = []) => {
				let n = 0;
				return (await client.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows;
			},
			close: () => client.end(),
		};
	}
	process.removeAllListeners('warning'); // node:sqlite's ExperimentalWarning
	const { DatabaseSync } = await import('node:sqlite');
	const db = new DatabaseSync(join(userFolder, '.n8n', 'database.sqlite'));
	return { query: async (sql, params = []) => db.prepare(sql).all(...params), close: async () => db.close() };
}

/** The same row updates `n8n publish:workflow --id` and `unpublish:workflow --id` make in 2.41
 * (WorkflowRepository.publishVersion / updateActiveState), for all workflows at once instead of
 * one n8n boot (about 3 s) per workflow. */
async function setPublished(db, ids, published) {
	const sql = published
		? 'UPDATE workflow_entity SET active = true, "activeVersionId" = "versionId" WHERE id = ?'
		: 'UPDATE workflow_entity SET active = false, "activeVersionId" = NULL WHERE id = ?';
	for (const id of ids) await db.query(sql, [id]);
}

/** Each workflow's current version in n8n (a save in the editor, even an autosave, makes a new one). */
async function versionsOf(db, ids) {
	if (!ids.length) return {};
	const rows = await db.query(`SELECT id, "versionId" FROM workflow_entity WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
	return Object.fromEntries(rows.map((row) => [row.id, row.versionId]));
}

/**
 * Templates saved in n8n since this script last imported them. Ops staff enable triggers, pick
 * credentials and edit texts in the editor: importing the file again on the next start would
 * silently undo that (a Telegram trigger enabled by hand would be disabled again).
 */
function editedInN8n(ids, current, imported) {
	return new Set(ids.filter((id) => imported[id] !== undefined && current[id] !== undefined && current[id] !== imported[id]));
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const importDir = join(args.userFolder, 'import');
	const workflowDir = join(importDir, 'workflows');
	rmSync(importDir, { recursive: true, force: true });
	mkdirSync(workflowDir, { recursive: true });
	linkPackage(args.userFolder);

	const env = n8nEnv(args.userFolder);
	if (onPostgres(env)) {
		const capped = await ensurePostgresDatabase(env);
		const own = env.DB_POSTGRESDB_STATEMENT_TIMEOUT;
		env.DB_POSTGRESDB_STATEMENT_TIMEOUT = capped ? (own ?? '0') : own && own !== '0' ? own : String(STATEMENT_CAP_MS);
	}
	writeFileSync(join(args.userFolder, 'n8n.env'), Object.entries(env).map(([k, v]) => `${k}=${v}\n`).join(''));

	const secrets = installSecrets(args.userFolder);
	const given = args.credsFile ? JSON.parse(readFileSync(args.credsFile, 'utf8')) : credentialsFromEnv(process.env);
	const credentials = [...given.filter((c) => c.id !== ADMIN_FORM_CREDENTIAL.id), adminFormCredential(secrets)];
	const credentialsFile = join(importDir, 'credentials.json');
	writeFileSync(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });

	const credentialIds = new Set(credentials.map((c) => c.id));
	const workflows = readWorkflows(args.workflows).map((w) => withUnconfiguredTriggersDisabled(withAdminFormsLocked(w, secrets.idSeed), credentialIds));
	const ids = workflows.map((w) => w.id);
	const published = workflows.filter(hasEnabledTrigger).map((w) => w.id);

	// Credentials are imported when they differ from the last import, so that a change made in the
	// editor (say, the store moved to PostgreSQL) survives restarts. The first import also creates
	// and migrates n8n's database. The mark names the database, so that pointing the folder at
	// another one imports (and migrates) again.
	const importedMark = join(args.userFolder, 'credentials.imported');
	const database = onPostgres(env) ? { ...postgresSettings(env), password: undefined } : 'sqlite';
	const digest = createHash('sha256').update(JSON.stringify({ credentials, database })).digest('hex');
	const fresh = (!onPostgres(env) && !existsSync(join(args.userFolder, '.n8n', 'database.sqlite'))) || !existsSync(importedMark);
	if (fresh || readFileSync(importedMark, 'utf8') !== digest) {
		await n8n(args.n8nDir, env, ['import:credentials', `--input=${credentialsFile}`]);
		writeFileSync(importedMark, digest);
	}
	if (!args.credsFile) {
		const existing = await withN8nDatabase(args.userFolder, env, async (db) => new Set((await db.query('SELECT id FROM credentials_entity')).map((row) => row.id)));
		const empty = emptyChannelCredentials(workflows, existing);
		if (empty.length) {
			const emptyFile = join(importDir, 'empty-credentials.json');
			writeFileSync(emptyFile, JSON.stringify(empty), { mode: 0o600 });
			await n8n(args.n8nDir, env, ['import:credentials', `--input=${emptyFile}`]);
			console.error(`empty credentials to fill in in the editor: ${empty.map((c) => `"${c.name}"`).join(', ')}`);
		}
	}
	const importedFile = join(args.userFolder, 'templates.imported.json');
	const imported = existsSync(importedFile) ? JSON.parse(readFileSync(importedFile, 'utf8')) : {};
	// n8n's CLI below writes the same database: no connection of ours stays open meanwhile.
	const kept = await withN8nDatabase(args.userFolder, env, async (db) => {
		const edited = editedInN8n(ids, await versionsOf(db, ids), imported);
		// Re-importing a published workflow fails in 2.41 ("You do not have permission to deactivate
		// this workflow") while the owner is not set up yet, so the templates are unpublished first.
		await setPublished(db, ids.filter((id) => !edited.has(id)), false);
		return edited;
	});
	const toImport = workflows.filter((w) => !kept.has(w.id));
	for (const w of toImport) writeFileSync(join(workflowDir, `${w.id}.json`), JSON.stringify(w));
	if (toImport.length) await n8n(args.n8nDir, env, ['import:workflow', '--separate', `--input=${workflowDir}`]);
	const republished = published.filter((id) => !kept.has(id));
	const versions = await withN8nDatabase(args.userFolder, env, async (db) => {
		await setPublished(db, republished, true);
		return versionsOf(db, toImport.map((w) => w.id));
	});
	writeFileSync(importedFile, JSON.stringify({ ...imported, ...versions }, null, 2));
	writeFileSync(join(importDir, 'published.json'), JSON.stringify(republished));

	for (const w of workflows) {
		const disabled = kept.has(w.id) ? [] : w.nodes.filter((n) => n.disabled && isTrigger(n)).map((n) => n.name);
		const state = kept.has(w.id)
			? 'kept as saved in n8n, not imported again (to take the shipped template, delete the workflow in n8n and start again)'
			: published.includes(w.id)
				? 'published'
				: 'imported, not published (no configured trigger)';
		// A workflow may hold several forms: each URL is named by the form's own title.
		const forms = w.nodes.filter((n) => isForm(n) && !n.disabled).map((n) => `"${n.parameters?.formTitle ?? n.name}" at /form/${n.webhookId}`);
		const signIn = forms.length ? `; ${forms.join(', ')} (user "${secrets.formUser}", password in ${secrets.file})` : '';
		console.error(`workflow "${w.name}" (${w.id}): ${state}${disabled.length ? `; disabled, no credential or no authentication: ${disabled.join(', ')}` : ''}${signIn}`);
	}
}

main().catch((error) => {
	console.error(error.message);
	process.exit(1);
});
