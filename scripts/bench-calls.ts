/**
 * The phone trigger's answer is on the caller's path: Twilio waits for its TwiML before the caller
 * hears anything. This drives `--callers` concurrent callers waiting in the Twilio queue through
 * the Phone Call Trigger of a real n8n 2.41 (the shipped call-deflection template), each asking
 * the wait URL every `--turn-ms` as Twilio does when a wait TwiML runs out, while Telegram
 * customers write to the shipped support pipeline at `--messages-per-second`. Prints one JSON
 * line: p50/p99 of the phone answers, the pipeline's achieved rate and its replies' p99. The same
 * callers first wait once with no pipeline load (`quiet`): the ratio of the two p99s is what the
 * pipeline adds, whatever else loads the machine.
 *
 *   npm run bench:calls -- [--callers 50] [--turns 20] [--turn-ms 1000] [--messages-per-second 20]
 *   npm run bench:calls -- --in-process   # the trigger's core alone on the store (bench-calls-store.ts)
 *   npm run bench:calls -- --successful-executions none   # n8n keeps no successful execution (EXECUTIONS_DATA_SAVE_ON_SUCCESS)
 *
 * Minutes in the queue run on the callers' own clock (each turn reports 15 s more of QueueTime),
 * so offers fall due during the run and their TwiML is measured too.
 */
import './lib/ts-resolve.mjs';

if (process.argv.includes('--in-process')) {
	await import('./bench-calls-store.ts');
	process.exit(0);
}
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
Object.assign(globalThis, { __dirname: join(ROOT, 'test/harness') });

const { startN8n } = await import('../test/harness/n8n-process.ts');
const { startFakeTelegram } = await import('../test/fakes/telegram/server.ts');
const { FakeTwilio } = await import('../test/fakes/twilio/caller.ts');

const { CALLERS, TURNS, TURN_MS, RATE, sleep, percentile } = await import('./lib/calls-options.ts');
const saveAt = process.argv.indexOf('--successful-executions');
const SAVE_ON_SUCCESS = saveAt >= 0 ? process.argv[saveAt + 1] : undefined;

const round = (n: number) => Math.round(n);

const dir = mkdtempSync(join(tmpdir(), 'cc-bench-calls-'));
const telegram = await startFakeTelegram();
const read = (name: string) => JSON.parse(readFileSync(join(ROOT, `workflows/${name}.json`), 'utf8'));
const calls = read('call-deflection');
const trigger = calls.nodes.find((node: { type: string }) => node.type.endsWith('phoneCallTrigger'));
const authToken = 'bench-twilio-auth-token';
const n8n = await startN8n({
	workflows: [read('support-pipeline'), calls],
	credentials: [
		{ id: 'ccStoreDefault01', name: 'Contact Center Store', type: 'contactCenterStoreApi', data: { backend: 'sqlite', sqliteFile: join(dir, 'contact-center.sqlite') } },
		{ id: 'ccTelegramBot001', name: 'Telegram Bot', type: 'contactCenterTelegramApi', data: { accessToken: telegram.token, baseUrl: telegram.baseUrl } },
		{ id: 'ccPhone000000001', name: 'Phone Platform', type: 'contactCenterPhoneApi', data: { platform: 'twilio', accountSid: 'AC1', authToken } },
	],
	readyTimeoutMs: 240_000,
	...(SAVE_ON_SUCCESS ? { env: { EXECUTIONS_DATA_SAVE_ON_SUCCESS: SAVE_ON_SUCCESS } } : {}),
});
process.once('exit', () => n8n.abandon());
const phoneUrl = n8n.webhookUrl(`${trigger.webhookId}/phone`);
const twilio = Object.assign(new FakeTwilio(phoneUrl), { authToken });

/** One caller waiting: the incoming call, then the wait URL every turn. */
async function caller(label: string, k: number, timings: number[], failures: { count: number }) {
	const base = { AccountSid: 'AC1', CallSid: `CAbench${label}${k}`, From: `+3805012${String(k).padStart(5, '0')}`, To: twilio.number };
	const timed = async (url: string, params: Record<string, string>) => {
		const started = performance.now();
		const answer = await twilio.post(url, { ...base, ...params }).catch(() => ({ status: 0, twiml: '' }));
		timings.push(performance.now() - started);
		if (answer.status !== 200) failures.count++;
	};
	await sleep(Math.random() * TURN_MS);
	await timed(phoneUrl, { CallStatus: 'ringing' });
	for (let turn = 0; turn < TURNS; turn++) {
		await timed(`${phoneUrl}?step=wait`, { QueueTime: String(turn * 15), QueueSid: 'QU1' });
		await sleep(TURN_MS);
	}
}

/** Telegram customers writing at a steady rate while the callers wait; each message's first reply timed. */
async function pipelineLoad(until: () => boolean) {
	const latencies: number[] = [];
	let sent = 0;
	let lost = 0;
	let refused = 0;
	const pending: Array<Promise<void>> = [];
	const started = performance.now();
	while (!until()) {
		const customer = telegram.updates.customer({ first_name: 'Bench' });
		const at = performance.now();
		sent++;
		pending.push(
			(async () => {
				const delivered = await telegram.deliver(telegram.updates.text(customer, 'Where is my order?')).catch(() => ({ status: 0 }));
				if (delivered.status !== 200) return void refused++;
				const deadline = Date.now() + 30_000;
				while (Date.now() < deadline) {
					try {
						if (telegram.sent(customer.id).length) return void latencies.push(performance.now() - at);
					} catch {
						// the fake knows the chat once the bot wrote to it
					}
					await sleep(20);
				}
				lost++;
			})(),
		);
		await sleep(1000 / RATE);
	}
	await Promise.all(pending);
	return { sent, lost, refused, perSecond: sent / ((performance.now() - started) / 1000), latencies: latencies.sort((a, b) => a - b) };
}

/** All callers through their wait; the answers' timings sorted. */
async function callersWait(label: string) {
	const timings: number[] = [];
	const failures = { count: 0 };
	await Promise.all(Array.from({ length: CALLERS }, (_, k) => caller(label, k, timings, failures)));
	timings.sort((a, b) => a - b);
	return { answers: timings.length, failed: failures.count, p50: round(percentile(timings, 50)), p99: round(percentile(timings, 99)), max: round(timings.at(-1) ?? NaN) };
}

const quiet = await callersWait('quiet');
let done = false;
const load = pipelineLoad(() => done);
const loaded = await callersWait('loaded');
done = true;
const pipeline = await load;
console.log(
	JSON.stringify({
		bench: 'calls',
		callers: CALLERS,
		answerMs: loaded,
		quietAnswerMs: quiet,
		p99VsQuiet: Number((loaded.p99 / quiet.p99).toFixed(2)),
		pipeline: {
			targetPerSecond: RATE,
			messagesPerSecond: Number(pipeline.perSecond.toFixed(1)),
			messages: pipeline.sent,
			lost: pipeline.lost,
			refused: pipeline.refused,
			replyMs: { p50: round(percentile(pipeline.latencies, 50)), p99: round(percentile(pipeline.latencies, 99)) },
		},
		successfulExecutions: SAVE_ON_SUCCESS ?? 'all',
		loadAverage: (await import('node:os')).loadavg().map((n) => Number(n.toFixed(2))),
	}),
);
await n8n.stop();
await telegram.close();
rmSync(dir, { recursive: true, force: true });
