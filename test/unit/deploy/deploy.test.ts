/**
 * The production deployment (deploy/docker-compose.yml) and the local queue-mode start
 * (scripts/queue-start.sh) take the variables every n8n process needs from one list,
 * deploy/queue.env. What is checked here: the list, what the script really exports from it (its
 * loading lines run in bash), the compose file as written (YAML with merge keys), and the compose
 * file as a real Docker Compose resolves it: Debian's docker-compose 1.29 (scripts/ensure-test-deps.sh;
 * CC_DOCKER_COMPOSE names another, e.g. Compose v2's standalone binary) runs `config` the way an
 * operator would, from a copy of deploy/ with its .env made from .env.example, which reads the env
 * file, the .env, the interpolations and the start order, and checks the file against Compose's
 * schema. Nothing is started: the test machines have no Docker daemon and cannot pull the images
 * (n8n's, postgres, redis, nginx), so whether the containers come up is not tested here:
 * scripts/compose-smoke.sh does that, as root and outside `npm test`, with stand-in images.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parse } from 'yaml';

const ROOT = join(__dirname, '../../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** The list: KEY=value lines, comments and blank lines aside. */
const listed = new Map(
	read('deploy/queue.env')
		.split('\n')
		.filter((line) => line.trim() && !line.startsWith('#'))
		.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const),
);

/** Secrets and per-deployment addresses, set beside the list and never in it. */
const BESIDE = /(_PASSWORD|^N8N_ENCRYPTION_KEY|^WEBHOOK_URL)$/;

interface Service {
	image?: string;
	command?: string;
	env_file?: string[];
	environment?: Record<string, string>;
	deploy?: { replicas?: number };
	depends_on?: Record<string, { condition: string }>;
	healthcheck?: { test: string[] };
	ports?: string[];
	volumes?: string[];
	networks?: Record<string, { ipv4_address?: string }>;
}
const compose = parse(read('deploy/docker-compose.yml'), { merge: true }) as {
	services: Record<string, Service>;
	networks?: { default?: { ipam?: { config?: Array<{ subnet: string }> } } };
};
const n8nServices = Object.entries(compose.services).filter(([, s]) => s.image?.includes('n8nio/n8n'));

test('the list names queue mode, n8n’s database, Redis and the pack’s store, without secrets', () => {
	for (const name of ['EXECUTIONS_MODE', 'DB_TYPE', 'DB_POSTGRESDB_HOST', 'QUEUE_BULL_REDIS_HOST', 'CC_STORE_BACKEND', 'CC_STORE_SCHEMA']) {
		expect(listed.has(name)).toBe(true);
	}
	expect(listed.get('EXECUTIONS_MODE')).toBe('queue');
	expect([...listed.keys()].filter((name) => BESIDE.test(name))).toEqual([]);
});

test('scripts/queue-start.sh exports the list, keeping what the environment already set', () => {
	const script = read('scripts/queue-start.sh');
	const loader = script.slice(script.indexOf('while IFS='), script.indexOf('deploy/queue.env"') + 'deploy/queue.env"'.length);
	expect(loader).toContain('$ROOT/deploy/queue.env');
	const exported = execFileSync('bash', ['-c', `set -euo pipefail; ROOT=${JSON.stringify(ROOT)}\n${loader}\nenv`], {
		env: { PATH: process.env.PATH, DB_POSTGRESDB_HOST: 'db.internal' },
		encoding: 'utf8',
	});
	const env = new Map(exported.split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
	for (const [name, value] of listed) expect([name, env.get(name)]).toEqual([name, name === 'DB_POSTGRESDB_HOST' ? 'db.internal' : value]);
	// Nothing of the governed families is set in the script itself, beside the list.
	expect(script.match(/export (EXECUTIONS_MODE|DB_|QUEUE_BULL_|CC_STORE_)\w*=/g)).toBeNull();
});

test('the compose file runs n8n’s official image as main, a webhook processor and workers, with PostgreSQL, Redis and nginx in front', () => {
	expect(Object.keys(compose.services).sort()).toEqual(['n8n-main', 'n8n-webhook', 'n8n-worker', 'nginx', 'postgres', 'redis']);
	const runtime = /N8N_VERSION="\$\{CC_N8N_VERSION:-([\d.]+)\}"/.exec(read('scripts/ensure-runtime.sh'))![1];
	for (const [, service] of n8nServices) expect(service.image).toBe(`docker.n8n.io/n8nio/n8n:${runtime}`);
	expect(compose.services['n8n-main'].command).toBe('start');
	expect(compose.services['n8n-webhook'].command).toBe('webhook');
	expect(compose.services['n8n-worker'].command).toMatch(/^worker\b/);
});

test('main installs this pack at its current version as n8n documents for community packages; the others install what main recorded', () => {
	const pack = JSON.parse(read('package.json')) as { name: string; version: string };
	const main = compose.services['n8n-main'].environment!;
	expect(main.N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV).toBe('true');
	expect(JSON.parse(main.N8N_COMMUNITY_PACKAGES)).toEqual([{ name: pack.name, version: pack.version }]);
	for (const [, service] of n8nServices) expect(service.environment?.N8N_REINSTALL_MISSING_PACKAGES).toBe('true');
});

test('nginx is the one public door: it runs the proxy file the tests run, at the fixed address the docs tell ops staff to list as a trusted proxy', () => {
	const nginx = compose.services.nginx;
	expect(nginx.ports).toEqual(['80:80']);
	expect(nginx.volumes).toEqual(['./nginx/contact-center.conf:/etc/nginx/conf.d/default.conf:ro']);
	for (const [name, service] of n8nServices) expect([name, service.ports]).toEqual([name, undefined]);
	const address = nginx.networks?.default?.ipv4_address;
	const [subnet] = compose.networks?.default?.ipam?.config ?? [];
	expect(address?.split('.').slice(0, 3)).toEqual(subnet?.subnet.split('.').slice(0, 3));
	for (const doc of ['deploy/docker-compose.yml', 'README.md']) expect([doc, read(doc).includes(address!)]).toEqual([doc, true]);
	// Its upstreams are the two n8n roles that take requests.
	const proxy = read('deploy/nginx/contact-center.conf');
	expect(proxy).toContain('server n8n-webhook:5678;');
	expect(proxy).toContain('server n8n-main:5678;');
});

describe('the compose file as Docker Compose reads it (`docker-compose -f deploy/docker-compose.yml config` after `cp deploy/.env.example deploy/.env`)', () => {
	const DOCKER_COMPOSE = process.env.CC_DOCKER_COMPOSE ?? '/usr/bin/docker-compose';
	const SECRETS = { POSTGRES_PASSWORD: 'pg-secret-7', N8N_ENCRYPTION_KEY: 'key-secret-9' };
	const example = read('deploy/.env.example');
	const PUBLIC_URL = /^PUBLIC_URL=(.*)$/m.exec(example)![1];
	let checkout: string;
	/** The services as Compose resolves them with both secrets filled in. */
	let services: Record<string, Service>;

	beforeAll(() => {
		if (!existsSync(DOCKER_COMPOSE)) throw new Error(`docker-compose is not at ${DOCKER_COMPOSE}: run \`bash scripts/ensure-test-deps.sh\` (apt-get install -y --no-install-recommends docker-compose) or set CC_DOCKER_COMPOSE.`);
		// A copy, so that a developer's own deploy/.env is neither read nor overwritten.
		checkout = mkdtempSync(join(tmpdir(), 'cc-compose-'));
		cpSync(join(ROOT, 'deploy'), join(checkout, 'deploy'), { recursive: true });
		const run = config(SECRETS);
		expect([run.status, run.stderr]).toEqual([0, '']);
		({ services } = parse(run.stdout) as { services: Record<string, Service> });
	});
	afterAll(() => rmSync(checkout, { recursive: true, force: true }));

	/** Compose run from the checkout's root with deploy/.env as the operator leaves it: .env.example with `filled` set; nothing else in the environment. */
	const config = (filled: Record<string, string>) => {
		writeFileSync(join(checkout, 'deploy/.env'), example.replace(/^(\w+)=.*$/gm, (line, name: string) => (name in filled ? `${name}=${filled[name]}` : line)));
		return spawnSync(DOCKER_COMPOSE, ['-f', 'deploy/docker-compose.yml', 'config'], { cwd: checkout, env: { PATH: process.env.PATH }, encoding: 'utf8' });
	};

	test('every n8n service gets every variable of the list, its own PostgreSQL and Redis as hosts, the secrets of deploy/.env, and nothing else but its role’s settings', () => {
		const n8n = Object.entries(services).filter(([, s]) => s.image?.includes('n8nio/n8n'));
		expect(n8n.map(([name]) => name).sort()).toEqual(['n8n-main', 'n8n-webhook', 'n8n-worker']);
		for (const [name, service] of n8n) {
			expect([name, service.environment]).toEqual([
				name,
				{
					...Object.fromEntries(listed),
					DB_POSTGRESDB_HOST: 'postgres',
					CC_STORE_HOST: 'postgres',
					QUEUE_BULL_REDIS_HOST: 'redis',
					DB_POSTGRESDB_PASSWORD: SECRETS.POSTGRES_PASSWORD,
					CC_STORE_PASSWORD: SECRETS.POSTGRES_PASSWORD,
					// One key for all: a credential saved by main is read by the workers.
					N8N_ENCRYPTION_KEY: SECRETS.N8N_ENCRYPTION_KEY,
					WEBHOOK_URL: PUBLIC_URL,
					N8N_REINSTALL_MISSING_PACKAGES: 'true',
					N8N_PROXY_HOPS: '1',
					...(name === 'n8n-main' ? { N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV: 'true', N8N_COMMUNITY_PACKAGES: expect.any(String) } : {}),
				},
			]);
		}
		// PostgreSQL is made with the database, user and password the list and the secrets name.
		expect(services.postgres.environment).toEqual({
			POSTGRES_DB: listed.get('DB_POSTGRESDB_DATABASE'),
			POSTGRES_USER: listed.get('DB_POSTGRESDB_USER'),
			POSTGRES_PASSWORD: SECRETS.POSTGRES_PASSWORD,
		});
		expect([listed.get('CC_STORE_DATABASE'), listed.get('CC_STORE_USER')]).toEqual([listed.get('DB_POSTGRESDB_DATABASE'), listed.get('DB_POSTGRESDB_USER')]);
	});

	test('a secret left empty in deploy/.env stops Compose with the file’s own message, before anything would start', () => {
		const unfilled = config({});
		expect(unfilled.status).not.toBe(0);
		expect(unfilled.stdout).toBe('');
		expect(unfilled.stderr).toContain('set POSTGRES_PASSWORD in deploy/.env');
		const keyless = config({ POSTGRES_PASSWORD: SECRETS.POSTGRES_PASSWORD });
		expect(keyless.status).not.toBe(0);
		expect(keyless.stderr).toContain('set N8N_ENCRYPTION_KEY in deploy/.env');
	});

	test('start order: n8n after PostgreSQL and Redis answer their health checks, the webhook processor and the workers after main answers its own, nginx after both n8n roles; two workers', () => {
		const order = Object.fromEntries(Object.entries(services).map(([name, s]) => [name, Object.entries(s.depends_on ?? {}).map(([on, { condition }]) => `${on} ${condition}`).sort()]));
		const stores = ['postgres service_healthy', 'redis service_healthy'];
		expect(order).toEqual({
			postgres: [],
			redis: [],
			'n8n-main': stores,
			'n8n-webhook': ['n8n-main service_healthy', ...stores],
			'n8n-worker': ['n8n-main service_healthy', ...stores],
			nginx: ['n8n-main service_started', 'n8n-webhook service_started'],
		});
		// service_healthy waits for a health check the service must have.
		for (const name of ['postgres', 'redis', 'n8n-main']) expect([name, services[name].healthcheck?.test[0]]).toEqual([name, expect.stringMatching(/^CMD/)]);
		// `up` starts deploy.replicas containers of a service in Compose 1.29 (project.py) as in v2.
		expect(Object.fromEntries(Object.entries(services).map(([name, s]) => [name, s.deploy?.replicas ?? 1]))).toEqual({ postgres: 1, redis: 1, 'n8n-main': 1, 'n8n-webhook': 1, 'n8n-worker': 2, nginx: 1 });
		// The proxy's config is mounted from beside the compose file, wherever it is run from.
		expect(services.nginx.volumes).toEqual([`${join(checkout, 'deploy/nginx/contact-center.conf')}:/etc/nginx/conf.d/default.conf:ro`]);
	});
});

test('main’s health check passes only once n8n answers that it is ready, as n8n does after installing the community packages', async () => {
	const [kind, program, ...args] = compose.services['n8n-main'].healthcheck!.test;
	expect([kind, program]).toEqual(['CMD', 'node']);
	let ready = false;
	const server = createServer((req, res) => {
		res.statusCode = req.url === '/healthz/readiness' && ready ? 200 : 503;
		res.end();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const env = { ...process.env, N8N_PORT: String((server.address() as AddressInfo).port) };
	const check = () =>
		new Promise<number>((resolve) => execFile(process.execPath, args, { env }, (error) => resolve(error ? Number(error.code ?? 1) : 0)));
	try {
		expect(await check()).toBe(1);
		ready = true;
		expect(await check()).toBe(0);
	} finally {
		server.close();
	}
	env.N8N_PORT = '1';
	expect(await check()).toBe(1);
});

describe('n8n’s external hook files (scripts/lib/hook-files.mjs, which scripts/prepare-n8n.mjs writes into n8n.env)', () => {
	/** What prepare-n8n.mjs writes for this environment, run in Node as the script runs. */
	const hookFiles = (env: Record<string, string>, packageDir = '/srv/pack') =>
		execFileSync(process.execPath, ['--input-type=module', '-e', `import { hookFiles } from ${JSON.stringify(join(ROOT, 'scripts/lib/hook-files.mjs'))}; process.stdout.write(hookFiles(${JSON.stringify(env)}, ${JSON.stringify(packageDir)}))`], {
			encoding: 'utf8',
		});
	const PACK_HOOKS = ['/srv/pack/dist/nodes/WebChatTrigger/earlyRefusalHook.js', '/srv/pack/dist/nodes/node-kit/executionEndHook.js'];
	const PACK_HOOK = PACK_HOOKS.join(':');

	test('a user’s own hook files are kept, in their order, and the pack’s added after them', () => {
		expect(hookFiles({})).toBe(PACK_HOOK);
		expect(hookFiles({ EXTERNAL_HOOK_FILES: '/etc/n8n/audit.js:/etc/n8n/sso.js' })).toBe(`/etc/n8n/audit.js:/etc/n8n/sso.js:${PACK_HOOK}`);
	});

	test('n8n’s own separator is honoured when the user set one', () => {
		expect(hookFiles({ EXTERNAL_HOOK_FILES: 'C:\\hooks\\audit.js;D:\\sso.js', EXTERNAL_HOOK_FILES_SEPARATOR: ';' })).toBe(`C:\\hooks\\audit.js;D:\\sso.js;${PACK_HOOKS.join(';')}`);
	});

	test('the pack’s hook named where another install keeps it (deploy/queue.env’s, in n8n’s image) is this install’s instead, never twice', () => {
		expect(hookFiles({ EXTERNAL_HOOK_FILES: `${listed.get('EXTERNAL_HOOK_FILES')}:/etc/n8n/audit.js` })).toBe(`/etc/n8n/audit.js:${PACK_HOOK}`);
		expect(hookFiles({ EXTERNAL_HOOK_FILES: PACK_HOOK })).toBe(PACK_HOOK);
	});
});
