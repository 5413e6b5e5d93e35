/**
 * The production deployment (deploy/docker-compose.yml) and the local queue-mode start
 * (scripts/queue-start.sh) take the variables every n8n process needs from one list,
 * deploy/queue.env. Docker does not run on the test machines: what is checked here is the list,
 * what the script really exports from it (its loading lines run in bash), and the compose file's
 * structure as Docker Compose would read it (YAML with merge keys).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

/** Variables of the families the list governs: a process setting one of these outside the list would disagree with the others. */
const GOVERNED = /^(EXECUTIONS_MODE|DB_|QUEUE_BULL_|CC_STORE_)/;
/** Secrets and per-deployment addresses, set beside the list and never in it. */
const BESIDE = /(_PASSWORD|^N8N_ENCRYPTION_KEY|^WEBHOOK_URL)$/;

interface Service {
	image?: string;
	command?: string;
	env_file?: string[];
	environment?: Record<string, string>;
	deploy?: { replicas?: number };
	depends_on?: Record<string, { condition: string }>;
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

test('the compose file runs n8n’s official image as main, one webhook processor and two workers, with PostgreSQL, Redis and nginx in front', () => {
	expect(Object.keys(compose.services).sort()).toEqual(['n8n-main', 'n8n-webhook', 'n8n-worker', 'nginx', 'postgres', 'redis']);
	const runtime = /N8N_VERSION="\$\{CC_N8N_VERSION:-([\d.]+)\}"/.exec(read('scripts/ensure-runtime.sh'))![1];
	for (const [, service] of n8nServices) expect(service.image).toBe(`docker.n8n.io/n8nio/n8n:${runtime}`);
	expect(compose.services['n8n-main'].command).toBe('start');
	expect(compose.services['n8n-webhook'].command).toBe('webhook');
	expect(compose.services['n8n-worker'].command).toMatch(/^worker\b/);
	expect(compose.services['n8n-worker'].deploy?.replicas).toBe(2);
	for (const [, service] of n8nServices) {
		expect(service.depends_on?.postgres.condition).toBe('service_healthy');
		expect(service.depends_on?.redis.condition).toBe('service_healthy');
	}
});

test('every n8n service loads the list, and sets beside it only addresses of its own services and secrets', () => {
	expect(n8nServices).toHaveLength(3);
	for (const [name, service] of n8nServices) {
		expect([name, service.env_file]).toEqual([name, ['queue.env']]);
		for (const variable of Object.keys(service.environment ?? {}).filter((v) => GOVERNED.test(v))) {
			expect([name, variable, listed.has(variable) || BESIDE.test(variable)]).toEqual([name, variable, true]);
		}
		// One encryption key for all: a credential saved by main is read by the workers.
		expect(service.environment?.N8N_ENCRYPTION_KEY).toBe('${N8N_ENCRYPTION_KEY:?set N8N_ENCRYPTION_KEY in deploy/.env}');
		expect(service.environment?.QUEUE_BULL_REDIS_HOST).toBe('redis');
		expect(service.environment?.DB_POSTGRESDB_HOST).toBe('postgres');
	}
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
