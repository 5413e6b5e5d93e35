/**
 * What a web chat flood costs the other customers (issue 23: their p99 within 2× of a quiet run),
 * straight into n8n and through the reverse proxy's per-address limit, in one run on one n8n: the
 * shipped support pipeline, its Web Chat Trigger set up as `e2e/webchat-abuse` sets it, and a real
 * nginx running deploy/nginx/contact-center.conf in front of it (test/harness/nginx.ts). Each
 * round, for each route in turn, four phases of the same `--others` customers (600), one arriving
 * every `--every` ms (125: 8 a second for 75 s), each writing one message from an address of its
 * own, timed, whether or not the ones before were answered: quiet; while one chat floods at the
 * issue's rate (300 in 23 s, waves of 10) for as long as the others write; quiet again; while
 * another chat floods as fast as its answers come, as long. A p99 of 600 is the sixth slowest
 * answer: with 200 it was the third, and one GC pause in a phase decided it (two quiet phases'
 * p99s 0.59-1.61 of each other). n8n is let go idle between phases. Prints one JSON line per round and route (p50/p99/max in
 * ms; `ratio`, a flood phase's p99 over the quiet phase's just before it; `quietRatio`, the second
 * quiet phase's over the first, the noise a ratio carries; how many flood messages reached n8n,
 * how many of those its request hook refused before n8n's webhook work, how many were accepted; n8n's CPU seconds from a phase's start until idle; the load average), then
 * per route the ratios' medians and ranges over the rounds, in how many rounds each was within 2,
 * and the p99 of every round's answers of a phase kind together (the quiet ones: both quiet phases).
 * --flood-addresses N spreads each flood over N addresses of its own (its messages take them in
 * turn, one chat), as a flood from many machines reaches the proxy's per-address limit.
 * --fresh-sessions makes each flood message a chat of its own (a script that dodges the chat's
 * limits), so that the address's new chats per hour are what holds it.
 * --queue runs n8n in its queue mode as deploy/ does (the webhooks in main, the executions in
 * `--workers` worker processes; n8n's database and the pack's store on PostgreSQL, Redis).
 *
 *   npm run bench:webchat-flood -- [--rounds 3] [--routes direct,proxy] [--others 600] [--every 125] [--flood-addresses 1] [--fresh-sessions] [--queue [--workers 2]]
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
const OTHERS = Number(option('others', '600'));
const EVERY_MS = Number(option('every', '125'));
const FLOOD_ADDRESSES = Number(option('flood-addresses', '1'));
const FRESH_SESSIONS = process.argv.includes('--fresh-sessions');
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
/** `count` customers from <network>.<first + block>.<n>, 200 to a block (`network`: two octets). */
const manyCustomers = (prefix: string, network: string, first: number, count: number) =>
	Array.from({ length: Math.ceil(count / 200) }, (_, block) => customers(`${prefix}${block}`, `${network}.${first + block}`, Math.min(200, count - block * 200))).flat();
const round1 = (n: number) => Math.round(n);

/**
 * A phase's figures: its customers' p50/p99/max, when (minute:second) its three slowest were sent,
 * and n8n's CPU from its start until n8n is idle again.
 */
async function phase(run: () => Promise<Array<{ status: number; ms: number; sentAt: number }>>) {
	const cpu = center.n8n.cpuSeconds();
	const timings = await run();
	await untilIdle(center.n8n, floor);
	const ms = timings.map((t) => t.ms);
	return {
		ms,
		p50: round1(p50(ms)),
		p99: round1(p99(ms)),
		max: round1(Math.max(...ms)),
		slowestSentAt: [...timings]
			.sort((x, y) => y.ms - x.ms)
			.slice(0, 3)
			.map((t) => new Date(t.sentAt).toISOString().slice(14, 21)),
		failed: timings.filter((t) => t.status !== 200).length,
		n8nCpuS: Number((center.n8n.cpuSeconds() - cpu).toFixed(1)),
	};
}

// Not part of a quiet run: n8n's first answers after its start (code not yet compiled) and the
// models' first training, which the first messages' executions start.
for (const c of customers('warm', '127.9.0', 5)) await timed(chats.direct, c.session, c.address);
for (const c of customers('warm', '127.9.0', 5)) await answered(chats.direct, c.session, c.address);
await new Promise((wake) => setTimeout(wake, 5000));
// What n8n spends with nothing to do (queue mode polls): idle is little more than that.
const floor = Math.min(await cpuPerSecond(center.n8n), await cpuPerSecond(center.n8n), await cpuPerSecond(center.n8n));
// Nor is n8n's first phase of steady traffic (its first one measured 10-20x the later quiet p99s).
await othersDuring(chats[ROUTES[0]], manyCustomers('steady', '127.9', 1, OTHERS), EVERY_MS, Promise.resolve());
await untilIdle(center.n8n, floor);

type Flood = Awaited<ReturnType<typeof flood>>;
const reachedN8n = (f: Flood) => f.answers.filter((a) => a.error !== PROXY_REFUSAL).length;
const accepted = (f: Flood) => f.answers.filter((a) => a.status === 200).length;
const refusedEarly = (f: Flood) => f.answers.filter((a) => a.early).length;
const ratio = (p99: number, quietP99: number) => Number((p99 / quietP99).toFixed(2));

const results: Array<{ route: string; paced: number; fast: number; quiet: number; ms: Record<'quiet' | 'paced' | 'fast', number[]> }> = [];
for (let round = 1; round <= ROUNDS; round++) {
	for (const route of ROUTES) {
		const chat = chats[route];
		// Addresses of their own for each round, route and phase: 127.<round, route>.<10 × phase + block>.<n>.
		const net = `127.${round * 10 + ROUTES.indexOf(route) + 1}`;
		/** The flood's: 127.<round, route>.<phase>.250, or 127.<round, route>.<100 + phase>.<n>. */
		const floodFrom = (phaseNo: number) => (FLOOD_ADDRESSES === 1 ? `${net}.${phaseNo}.250` : customers('', `${net}.${100 + phaseNo}`, FLOOD_ADDRESSES).map((c) => c.address));
		const tag = (phaseNo: number) => `${route[0]}${round}${phaseNo}`;
		const others = (phaseNo: number) => othersDuring(chat, manyCustomers(tag(phaseNo), net, 10 * phaseNo, OTHERS), EVERY_MS, Promise.resolve());
		/** The others while a flood at `everyMs` between its waves runs as long as they write, and what became of the flood. */
		const flooded = async (phaseNo: number, everyMs: number) => {
			let sent!: Flood;
			const figures = await phase(async () => {
				const writing = others(phaseNo);
				const flooding = flood(chat, FRESH_SESSIONS ? (n) => id(`${tag(phaseNo)}x`, n + 1) : id(`${tag(phaseNo)}x`, 1), floodFrom(phaseNo), everyMs, { until: writing });
				[, sent] = await Promise.all([writing, flooding]);
				return writing;
			});
			return { ...figures, floodMessages: sent.answers.length, floodSeconds: Number(sent.seconds.toFixed(1)), reachedN8n: reachedN8n(sent), refusedEarly: refusedEarly(sent), accepted: accepted(sent) };
		};
		const load0 = load();
		const quiet = await phase(() => others(1));
		const paced = await flooded(2, 23_000 / 30);
		const quietAgain = await phase(() => others(3));
		const fast = await flooded(4, 0);
		const line = {
			round,
			route,
			mode: QUEUE ? `queue, ${WORKERS} workers` : 'regular',
			floodAddresses: FLOOD_ADDRESSES,
			freshSessions: FRESH_SESSIONS,
			quiet,
			paced: { ...paced, ratio: ratio(paced.p99, quiet.p99) },
			quietAgain: { ...quietAgain, quietRatio: ratio(quietAgain.p99, quiet.p99) },
			fast: { ...fast, ratio: ratio(fast.p99, quietAgain.p99) },
			load: `${load0} → ${load()}`,
		};
		results.push({
			route,
			paced: line.paced.ratio,
			fast: line.fast.ratio,
			quiet: line.quietAgain.quietRatio,
			ms: { quiet: [...quiet.ms, ...quietAgain.ms], paced: paced.ms, fast: fast.ms },
		});
		console.log(JSON.stringify(line, (key, value) => (key === 'ms' ? undefined : value)));
	}
}

for (const route of ROUTES) {
	const mine = results.filter((r) => r.route === route);
	// A flood phase faster than the quiet one is no miss; two quiet phases are within 2x of each other or not.
	const summary = (ratios: number[], within = (r: number) => r <= 2) => ({ median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios), within2x: ratios.filter(within).length });
	const pooled = (kind: 'quiet' | 'paced' | 'fast') => round1(p99(mine.flatMap((r) => r.ms[kind])));
	console.log(
		JSON.stringify({
			route,
			rounds: mine.length,
			p99Ratio: { paced: summary(mine.map((r) => r.paced)), fast: summary(mine.map((r) => r.fast)), quietAgain: summary(mine.map((r) => r.quiet), (r) => r <= 2 && r >= 0.5) },
			// Every round's answers of a phase kind together: over 3 rounds the p99 of 1,800 (quiet: 3,600).
			pooledP99: { quiet: pooled('quiet'), paced: pooled('paced'), fast: pooled('fast') },
		}),
	);
}
await proxy.stop();
await center.stop();
process.exit(0);
