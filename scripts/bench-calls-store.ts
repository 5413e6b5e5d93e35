/**
 * `npm run bench:calls -- --in-process`: the Phone Call Trigger's core with no n8n around it, on
 * the embedded SQLite store while support-pipeline writes (each message logged, its reply added
 * and marked sent) go on at `--messages-per-second`. For every Twilio callback of `--callers`
 * waiting callers it times two moments of the same request: when the TwiML answer is handed to
 * the platform, and when the call's events are stored — where the answer went out before this
 * version, after the store's lock. Load-independent in the sense that matters: both come from the
 * same requests, on the same machine, at the same moment.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEFAULT_DEFLECTION_TEXTS, handleCallWebhook, twilioSignature, type DeflectionSettings } from '../nodes/shared/calls';
import { parseInbound } from '../nodes/shared/envelope';
import { closeAllStores, openStore } from '../nodes/shared/store';
import { CALLERS, percentile, RATE, sleep, TURN_MS, TURNS } from './lib/calls-options';

const figures = (timings: number[]) => {
	const sorted = [...timings].sort((a, b) => a - b);
	const ms = (n: number) => Number(n.toFixed(1));
	return { p50: ms(percentile(sorted, 50)), p99: ms(percentile(sorted, 99)) };
};

const dir = mkdtempSync(join(tmpdir(), 'cc-bench-calls-store-'));
const store = await openStore({ backend: 'sqlite', file: join(dir, 'contact-center.sqlite') });
const URL = 'https://support.example.com/webhook/bench/phone';
const TOKEN = 'bench-twilio-auth-token';
const settings: DeflectionSettings = {
	offerEverySeconds: 60, offerAtOnce: false, acceptDigit: '1', operatorDigit: '0', transferTo: '', transferByGroup: {},
	voiceLanguage: 'en-US', messengers: ['whatsapp'], webChatUrl: '', queueName: 'support', texts: DEFAULT_DEFLECTION_TEXTS,
};

/** The pipeline's writes for one message: the inbound logged, a reply added and marked sent. */
async function pipelineMessage(k: number) {
	const message = parseInbound({
		channel: 'telegram', account: 'bench', externalId: `m${k}`, conversationKey: `c${k % 500}`,
		sender: { id: `u${k % 500}`, name: 'Bench' }, text: 'Where is my order?', receivedAt: new Date().toISOString(), raw: {},
	});
	const logged = await store.conversations.logInbound(message);
	const reply = await store.messages.addOutbound({ conversationId: logged.conversation.id, channel: 'telegram', author: 'bot', text: 'On its way.' });
	await store.messages.markSent(reply.id, `r${k}`);
}

const answered: number[] = [];
const stored: number[] = [];
async function callback(step: string | null, params: Record<string, string>) {
	const url = step ? `${URL}?step=${step}` : URL;
	const started = performance.now();
	await handleCallWebhook(
		store.db,
		{ method: 'POST', headers: { 'x-twilio-signature': twilioSignature(TOKEN, url, params) }, query: step ? { step } : {}, rawBody: Buffer.from(new URLSearchParams(params).toString()) },
		{ platform: 'twilio', secret: TOKEN, account: '+18005551212', publicUrl: URL, settings },
		() => answered.push(performance.now() - started),
	);
	stored.push(performance.now() - started);
}

async function caller(k: number) {
	const base = { AccountSid: 'AC1', CallSid: `CAstore${k}`, From: `+3805012${String(k).padStart(5, '0')}`, To: '+18005551212' };
	await sleep(Math.random() * TURN_MS);
	await callback(null, { ...base, CallStatus: 'ringing' });
	for (let turn = 0; turn < TURNS; turn++) {
		await callback('wait', { ...base, QueueTime: String(turn * 15), QueueSid: 'QU1' });
		await sleep(TURN_MS);
	}
}

let done = false;
let messages = 0;
const pending: Array<Promise<void>> = [];
const started = performance.now();
const load = (async () => {
	while (!done) {
		pending.push(pipelineMessage(messages++));
		await sleep(1000 / RATE);
	}
	await Promise.all(pending);
})();
await Promise.all(Array.from({ length: CALLERS }, (_, k) => caller(k)));
done = true;
await load;
const answer = figures(answered);
const afterStore = figures(stored);
console.log(
	JSON.stringify({
		bench: 'calls-in-process',
		callers: CALLERS,
		callbacks: answered.length,
		answerMs: answer,
		storedMs: afterStore,
		p99AnswerVsStored: Number((answer.p99 / afterStore.p99).toFixed(3)),
		pipeline: { targetPerSecond: RATE, messagesPerSecond: Number((messages / ((performance.now() - started) / 1000)).toFixed(1)) },
		loadAverage: (await import('node:os')).loadavg().map((n) => Number(n.toFixed(2))),
	}),
);
await closeAllStores();
rmSync(dir, { recursive: true, force: true });
