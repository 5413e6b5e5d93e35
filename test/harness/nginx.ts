/**
 * A real nginx in front of a test's n8n, running the deploy's own site config
 * (deploy/nginx/contact-center.conf: its routes, headers and web chat limit) with its upstreams
 * pointed at the test's n8n and its port a free one on 127.0.0.1. nginx runs as a child process
 * from a temporary prefix (its logs, pid and temp files there), nothing of the system's touched.
 * Debian's nginx package (scripts/ensure-test-deps.sh); CC_NGINX names another binary.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { freePort } from './n8n-process';

const NGINX = process.env.CC_NGINX ?? '/usr/sbin/nginx';
const SITE = resolve(__dirname, '../../deploy/nginx/contact-center.conf');

export interface Nginx {
	baseUrl: string;
	webhookUrl(path: string): string;
	/** nginx's error log (refused requests are logged there too). */
	errors(): string;
	stop(): Promise<void>;
}

/** The deploy's site config with `replacements` made, each of which must be there exactly once. */
function site(replacements: Array<[string, string]>): string {
	return replacements.reduce((text, [from, to]) => {
		const count = text.split(from).length - 1;
		if (count !== 1) throw new Error(`${SITE} should hold "${from}" once, holds it ${count} times`);
		return text.replace(from, to);
	}, readFileSync(SITE, 'utf8'));
}

/** nginx proxying to the n8n at `upstream` (host:port), both its main and its webhook roles. */
export async function startNginx(upstream: string): Promise<Nginx> {
	if (!existsSync(NGINX)) throw new Error(`nginx is not at ${NGINX}: run \`bash scripts/ensure-test-deps.sh\` (apt-get install -y nginx) or set CC_NGINX.`);
	const prefix = mkdtempSync(join(tmpdir(), 'cc-nginx-'));
	// As root, nginx's worker runs as nobody and must reach its temp files in here.
	chmodSync(prefix, 0o755);
	const port = await freePort();
	const errorLog = join(prefix, 'error.log');
	writeFileSync(
		join(prefix, 'contact-center.conf'),
		site([
			['server n8n-webhook:5678;', `server ${upstream};`],
			['server n8n-main:5678;', `server ${upstream};`],
			['listen 80;', `listen 127.0.0.1:${port};`],
		]),
	);
	const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `${kind}_temp_path ${join(prefix, kind)};`).join(' ');
	writeFileSync(
		join(prefix, 'nginx.conf'),
		`daemon off;
worker_processes 1;
pid ${join(prefix, 'nginx.pid')};
error_log ${errorLog} warn;
events { worker_connections 4096; }
http {
	access_log off;
	${temp}
	include ${join(prefix, 'contact-center.conf')};
}
`,
	);
	writeFileSync(errorLog, '');
	const child = spawn(NGINX, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', errorLog], { stdio: ['ignore', 'ignore', 'pipe'] });
	let stderr = '';
	child.stderr!.on('data', (chunk) => (stderr += chunk));
	const exited = new Promise<void>((done) => child.once('exit', () => done()));
	// A test or bench ended without stop() (a signal, an error) must not leave nginx running.
	const orphaned = () => child.kill('SIGKILL');
	process.once('exit', orphaned);

	const baseUrl = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 10_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}): ${stderr}${readFileSync(errorLog, 'utf8')}`);
		const answered = await fetch(`${baseUrl}/healthz`).then(
			() => true,
			() => false,
		);
		if (answered) break;
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`nginx did not listen on ${baseUrl} within 10 s: ${stderr}${readFileSync(errorLog, 'utf8')}`);
		}
		await new Promise((wake) => setTimeout(wake, 100));
	}
	return {
		baseUrl,
		webhookUrl: (path) => `${baseUrl}/webhook/${path.replace(/^\//, '')}`,
		errors: () => readFileSync(errorLog, 'utf8'),
		stop: async () => {
			process.off('exit', orphaned);
			if (child.exitCode === null) {
				child.kill('SIGTERM');
				await exited;
			}
			rmSync(prefix, { recursive: true, force: true });
		},
	};
}
