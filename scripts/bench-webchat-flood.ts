/**
 * What a web chat flood costs the other customers (issue 23: their p99 within 2× of a quiet run),
 * straight into n8n and through the reverse proxy's per-address limit, in one run on one n8n: the
 * shipped support pipeline, its Web Chat Trigger set up as `e2e/webchat-abuse` sets it, and a real
 * nginx running deploy/nginx/contact-center.conf in front of it (test/harness/nginx.ts). Each
 * round, for each route in turn, two quiet phases: 20 customers write one after another, and 20
 * one a second (20 s, long enough to meet the pipeline's every-minute schedule as often as a flood
 * phase does); then 20 customers one a second while one chat sends 300 messages at the rate
 * (300 in 23 s, waves of 10), and 20 one after another while another chat sends 300 as fast as its
 * answers come. Every customer's POST is timed and writes from an address of its own; n8n is let
 * go idle between the phases. Prints one JSON line per round and route (p50/p99 in ms; `ratio`, a
 * flood's p99 over the quiet p99 of the same pace, and `ratioToSequential`, the paced flood's over
 * the one-after-another quiet p99; how many flood messages reached n8n; n8n's CPU seconds from a
 * phase's start until idle; the load average), then the medians over the rounds. --queue runs n8n in its queue mode as
 * deploy/ does (the webhooks in main, the executions in `--workers` worker processes; n8n's
 * database and the pack's store on PostgreSQL, Redis).
 *
 *   npm run bench:webchat-flood -- [--rounds 3] [--routes direct,proxy] [--queue [--workers 2]]
 */
import './lib/ts-resolve.mjs';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { option } from './lib/options.ts';
import { median } from './lib/stats.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// The harness is written for jest's CommonJS; loaded as a module here, its __dirname reads this global.
Object.assign(globalThis, { __dirname: join(ROOT, 'test/harness') });
const { startContactCenter } = await import('../test/harness/contact-center.ts');
const { postgresBackend } = await import('../test/harness/backends.ts');
const { cpuPerSecond, untilIdle } = await import('../test/harness/n8n-process.ts');
const { startNginx } = await import('../test/harness/nginx.ts');
const { answered, customers, flood, id, othersDuring, p50, p99, SITE_CREDENTIAL, timed, webChat, webChatPipeline } = await import('../test/harness/webchat.ts');

const ROUNDS = Number(option('rounds', '3'));
const ROUTES = option('routes', 'direct,proxy').split(',') as Array<'direct' | 'proxy'>;
const QUEUE = process.argv.includes('--queue');
const WORKERS = Number(option('workers', '2'));
const PROXY_REFUSAL = 'Too many messages from your address: please wait';

const center = await startContactCenter({
	workflows: [webChatPipeline('https://shop.example')],
	credentials: [SITE_CREDENTIAL],
	...(QUEUE ? { queue: { workers: WORKERS }, backend: await postgresBackend(), readyTimeoutMs: 240_000 } : {}),
});
const proxy = await startNginx(new URL(center.n8n.baseUrl).host);
// Whatever ends this script, n8n must not outlive it (a signal ends it through exit as well).
process.once('exit', () => center.n8n.abandon());
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(1));
const chats = { direct: webChat(center.n8n.webhookUrl('webchat'), 'direct'), proxy: webChat(proxy.webhookUrl('webchat'), 'proxy') };
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const round1 = (n: number) => Math.round(n);

/** A phase's figures: its customers' p50/p99 and n8n's CPU from its start until n8n is idle again. */
async function phase(run: () => Promise<Array<{ status: number; ms: number }>>) {
	const cpu = center.n8n.cpuSeconds();
	const timings = await run();
	await untilIdle(center.n8n, floor);
	const ms = timings.map((t) => t.ms);
	return { p50: round1(p50(ms)), p99: round1(p99(ms)), failed: timings.filter((t) => t.status !== 200).length, n8nCpuS: Number((center.n8n.cpuSeconds() - cpu).toFixed(1)) };
}

// Not part of a quiet run: n8n's first answers after its start (code not yet compiled) and the
// models' first training, which the first messages' executions start.
for (const c of customers('warm', '127.9.0', 5)) await timed(chats.direct, c.session, c.address);
for (const c of customers('warm', '127.9.0', 5)) await answered(chats.direct, c.session, c.address);
await new Promise((wake) => setTimeout(wake, 5000));
// What n8n spends with nothing to do (queue mode polls): idle is little more than that.
const floor = Math.min(await cpuPerSecond(center.n8n), await cpuPerSecond(center.n8n), await cpuPerSecond(center.n8n));
await untilIdle(center.n8n, floor);

const results: Array<{ route: string; pacedRatio: number; fastRatio: number }> = [];
for (let round = 1; round <= ROUNDS; round++) {
	for (const route of ROUTES) {
		const chat = chats[route];
		// Addresses of their own for each round, route and phase: 127.<round, route>.<phase>.<n>.
		const net = (phaseNo: number) => `127.${round * 10 + ROUTES.indexOf(route) + 1}.${phaseNo}`;
		const tag = (phaseNo: number) => `${route[0]}${round}${phaseNo}`;
		const sequential = async (phaseNo: number, everyMs: number, flooding: Promise<unknown>) =>
			othersDuring(chat, customers(tag(phaseNo), net(phaseNo), 20), everyMs, flooding);
		const load0 = load();
		const quiet = await phase(() => sequential(1, 0, Promise.resolve()));
		const quietPaced = await phase(() => sequential(2, 1000, Promise.resolve()));
		const floods: Record<string, Awaited<ReturnType<typeof flood>>> = {};
		const paced = await phase(async () => {
			const flooding = flood(chat, id(`${tag(3)}x`, 1), `${net(3)}.200`, 23_000 / 30).then((f) => (floods.paced = f));
			return sequential(3, 1000, flooding);
		});
		const fast = await phase(async () => {
			const flooding = flood(chat, id(`${tag(4)}x`, 1), `${net(4)}.200`, 0).then((f) => (floods.fast = f));
			return sequential(4, 0, flooding);
		});
		const reachedN8n = (f: Awaited<ReturnType<typeof flood>>) => f.answers.filter((a) => a.error !== PROXY_REFUSAL).length;
		const accepted = (f: Awaited<ReturnType<typeof flood>>) => f.answers.filter((a) => a.status === 200).length;
		const ratio = (p99: number, quietP99: number) => Number((p99 / quietP99).toFixed(2));
		const line = {
			round,
			route,
			mode: QUEUE ? `queue, ${WORKERS} workers` : 'regular',
			quiet,
			quietPaced,
			paced: {
				...paced,
				ratio: ratio(paced.p99, quietPaced.p99),
				ratioToSequential: ratio(paced.p99, quiet.p99),
				floodSeconds: round1(floods.paced.seconds),
				reachedN8n: reachedN8n(floods.paced),
				accepted: accepted(floods.paced),
			},
			fast: { ...fast, ratio: ratio(fast.p99, quiet.p99), floodSeconds: Number(floods.fast.seconds.toFixed(1)), reachedN8n: reachedN8n(floods.fast), accepted: accepted(floods.fast) },
			load: `${load0} → ${load()}`,
		};
		results.push({ route, pacedRatio: line.paced.ratio, fastRatio: line.fast.ratio });
		console.log(JSON.stringify(line));
	}
}

for (const route of ROUTES) {
	const mine = results.filter((r) => r.route === route);
	const summary = (ratios: number[]) => ({ median: median(ratios), within2x: ratios.filter((r) => r <= 2).length });
	console.log(JSON.stringify({ route, rounds: mine.length, p99Ratio: { paced: summary(mine.map((r) => r.pacedRatio)), fast: summary(mine.map((r) => r.fastRatio)) } }));
}
await proxy.stop();
await center.stop();
process.exit(0);
