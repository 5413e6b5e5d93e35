/**
 * The phone trigger's answer is on the caller's path: Twilio waits for its TwiML before the caller
 * hears anything. This drives `--callers` concurrent callers waiting in the Twilio queue through
 * the Phone Call Trigger of a real n8n 2.41 (the shipped call-deflection template) while Telegram
 * customers write to the shipped support pipeline at `--messages-per-second`. Prints one JSON line.
 *
 * What is modelled, by default (`paced`): Twilio's own pacing. A caller joins the queue (the
 * incoming call, then the wait URL at once, as <Enqueue> does) at a random moment of one offer
 * period of the template (Offer the Chat Every, 60 s), and asks the wait URL again only when the
 * TwiML we returned has played to its end: its <Pause length>, its texts said (15 characters a
 * second) and the Gather's wait for a key nobody presses. Real seconds, so 50 callers make about
 * one callback a second, as 50 callers in a real Twilio queue would; the QueueTime each reports is
 * the time it has really spent in the queue. `--paced-turns` wait answers per caller (3: about
 * 2.5 minutes a round). The paced callers wait once with no pipeline load (`quietAnswerMs`), then
 * beside it (`answerMs`); the ratio of the two p99s is what the pipeline adds. The pipeline has
 * answered one message before the rounds: on a fresh store the first trains the topic model, about
 * a second of n8n's loop once (later starts load the model), which the rounds would otherwise
 * catch in whatever answers overlap it.
 *
 * `stress`: then the same callers ask every `--turn-ms` (1000) for `--turns` (20), each turn
 * reporting 15 s more of QueueTime: time compressed about 15×, so 50 callers make about 50
 * callbacks a second, which is what one n8n process can serve; a capacity figure, not a queue
 * Twilio would make. `--turn-ms 0` leaves it out. `callbacksPerSecond` says what each round sent.
 *
 *   npm run bench:calls -- [--callers 50] [--paced-turns 3] [--turns 20] [--turn-ms 1000] [--messages-per-second 20]
 *   npm run bench:calls -- --in-process   # the trigger's core alone on the store (bench-calls-store.ts)
 *   npm run bench:calls -- --successful-executions none   # n8n keeps no successful execution (EXECUTIONS_DATA_SAVE_ON_SUCCESS)
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
const { FakeTwilio, playingSeconds } = await import('../test/fakes/twilio/caller.ts');

const { CALLERS, PACED_TURNS, TURNS, TURN_MS, RATE, sleep, percentile } = await import('./lib/calls-options.ts');
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

type Pacing = 'paced' | 'stress';
/** Seconds between offers in the template: callers join the queue spread over one such period. */
const OFFER_PERIOD = Number(trigger.parameters.offerEverySeconds ?? 60);

/** One caller waiting: the incoming call, then the wait URL as the pacing says. */
async function caller(pacing: Pacing, label: string, k: number, timings: number[], failures: { count: number }) {
	const base = { AccountSid: 'AC1', CallSid: `CAbench${label}${k}`, From: `+3805012${String(k).padStart(5, '0')}`, To: twilio.number };
	const timed = async (url: string, params: Record<string, string>) => {
		const started = performance.now();
		const answer = await twilio.post(url, { ...base, ...params }).catch(() => ({ status: 0, twiml: '' }));
		timings.push(performance.now() - started);
		if (answer.status !== 200) failures.count++;
		return answer;
	};
	const wait = (queueTime: number) => timed(`${phoneUrl}?step=wait`, { QueueTime: String(queueTime), QueueSid: 'QU1' });
	if (pacing === 'stress') {
		await sleep(Math.random() * TURN_MS);
		await timed(phoneUrl, { CallStatus: 'ringing' });
		for (let turn = 0; turn < TURNS; turn++) {
			await wait(turn * 15);
			await sleep(TURN_MS);
		}
		return;
	}
	await sleep(Math.random() * OFFER_PERIOD * 1000);
	await timed(phoneUrl, { CallStatus: 'ringing' });
	let queueTime = 0;
	for (let turn = 0; turn < PACED_TURNS; turn++) {
		const answer = await wait(queueTime);
		// Twilio ends a call whose wait URL fails.
		if (answer.status !== 200) return;
		const played = playingSeconds(answer.twiml);
		queueTime += played;
		if (turn < PACED_TURNS - 1) await sleep(played * 1000);
	}
}

/** Whether the bot has written to the customer within `ms`. */
async function repliedWithin(customerId: number, ms: number): Promise<boolean> {
	const deadline = Date.now() + ms;
	while (Date.now() < deadline) {
		try {
			if (telegram.sent(customerId).length) return true;
		} catch {
			// the fake knows the chat once the bot wrote to it
		}
		await sleep(20);
	}
	return false;
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
				if (await repliedWithin(customer.id, 30_000)) latencies.push(performance.now() - at);
				else lost++;
			})(),
		);
		await sleep(1000 / RATE);
	}
	await Promise.all(pending);
	return { sent, lost, refused, perSecond: sent / ((performance.now() - started) / 1000), latencies: latencies.sort((a, b) => a - b) };
}

/** All callers through their wait; the answers' timings sorted. */
async function callersWait(pacing: Pacing, label: string) {
	const timings: number[] = [];
	const failures = { count: 0 };
	const started = performance.now();
	await Promise.all(Array.from({ length: CALLERS }, (_, k) => caller(pacing, label, k, timings, failures)));
	const seconds = (performance.now() - started) / 1000;
	timings.sort((a, b) => a - b);
	return {
		answers: timings.length,
		failed: failures.count,
		callbacksPerSecond: Number((timings.length / seconds).toFixed(1)),
		p50: round(percentile(timings, 50)),
		p99: round(percentile(timings, 99)),
		max: round(timings.at(-1) ?? NaN),
	};
}

/** The callers' round with the pipeline writing meanwhile. */
async function besidePipeline(pacing: Pacing) {
	let done = false;
	const load = pipelineLoad(() => done);
	const answerMs = await callersWait(pacing, `${pacing}-loaded`);
	done = true;
	const pipeline = await load;
	return {
		answerMs,
		pipeline: {
			targetPerSecond: RATE,
			messagesPerSecond: Number(pipeline.perSecond.toFixed(1)),
			messages: pipeline.sent,
			lost: pipeline.lost,
			refused: pipeline.refused,
			replyMs: { p50: round(percentile(pipeline.latencies, 50)), p99: round(percentile(pipeline.latencies, 99)) },
		},
	};
}

// The pipeline's first message on a fresh store trains the topic model (about a second of n8n's
// loop, once: later starts load it from the store): done before the rounds, which measure the steady state.
const warmUp = telegram.updates.customer({ first_name: 'Warm-up' });
await telegram.deliver(telegram.updates.text(warmUp, 'Where is my order?'));
await repliedWithin(warmUp.id, 60_000);

const quiet = await callersWait('paced', 'quiet');
const paced = await besidePipeline('paced');
const stress = TURN_MS > 0 ? await besidePipeline('stress') : null;
console.log(
	JSON.stringify({
		bench: 'calls',
		callers: CALLERS,
		paced: { turns: PACED_TURNS, offerEverySeconds: OFFER_PERIOD, quietAnswerMs: quiet, ...paced, p99VsQuiet: Number((paced.answerMs.p99 / quiet.p99).toFixed(2)) },
		...(stress ? { stress: { turnMs: TURN_MS, turns: TURNS, ...stress } } : {}),
		successfulExecutions: SAVE_ON_SUCCESS ?? 'all',
		loadAverage: (await import('node:os')).loadavg().map((n) => Number(n.toFixed(2))),
	}),
);
await n8n.stop();
await telegram.close();
rmSync(dir, { recursive: true, force: true });
