/**
 * In n8n's queue mode the deliveries wait in main (or a webhook processor) while the execution
 * they wait for runs on a worker: the worker's Log Conversation tells its start through n8n's
 * Redis, and main starts the waiting deliveries together. Two ExecutionStarts, each with its own
 * batches and its own Redis connections, stand for the two processes; real Redis on 127.0.0.1.
 */
import { randomUUID } from 'node:crypto';

import { ExecutionBatches } from '../../../nodes/shared/ingest/batches';
import { ExecutionStarts } from '../../../nodes/shared/ingest/starts';
import { customerMessage } from './messages';

const queueEnv = () => ({ EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: '6379', QUEUE_BULL_PREFIX: `cc-test-${randomUUID()}` });


const opened: ExecutionStarts[] = [];
afterAll(() => opened.forEach((starts) => starts.close()));

/** One n8n process of a queue-mode center: its batches (waiting up to a minute, so only a start told through Redis ends a wait here) and its starts. */
function process_(env: NodeJS.ProcessEnv) {
	const batches = new ExecutionBatches(60_000);
	const starts = new ExecutionStarts(batches, env);
	opened.push(starts);
	return { batches, starts };
}

/** Resolves when the batches next hear a report (from Redis, in main's case) of this kind. */
function nextHeard(batches: ExecutionBatches, kind: 'started' | 'finished' = 'started'): Promise<void> {
	const told = batches[kind].bind(batches);
	return new Promise((heard) => {
		batches[kind] = (workflowId, keys, reporter) => {
			batches[kind] = told;
			told(workflowId, keys, reporter);
			heard();
		};
	});
}

test('customers writing while a worker has not yet started the execution before them share the next one, started when the worker reports', async () => {
	const env = queueEnv();
	const main = process_(env);
	const worker = process_(env);
	await main.starts.hear();
	const [first, second, third, fourth] = [customerMessage(), customerMessage(), customerMessage(), customerMessage()];

	// A quiet center: the first message starts at once, and the worker starts it.
	await expect(main.batches.join('support', 'Telegram', [first], 20)).resolves.toEqual([first]);
	const heard = nextHeard(main.batches);
	worker.starts.report('support', [first]);
	await heard;

	// Nothing is waiting to start: the second starts at once too; the worker is slow to take it.
	await expect(main.batches.join('support', 'Telegram', [second], 20)).resolves.toEqual([second]);
	const opener = main.batches.join('support', 'Telegram', [third], 20);
	await expect(main.batches.join('support', 'Telegram', [fourth], 20)).resolves.toBeNull();

	// Main waits up to a minute here: only the worker's report, through Redis, starts the two.
	worker.starts.report('support', [second]);
	await expect(opener).resolves.toEqual([third, fourth]);
});

test('customers writing while the worker runs the executions before them share the next one, started when the worker has answered the first', async () => {
	const env = queueEnv();
	const main = process_(env);
	const worker = process_(env);
	await main.starts.hear();
	const [first, second] = [customerMessage(), customerMessage()];
	await main.batches.join('support', 'Log Conversation', [first], 20);
	// The worker runs the first; the second is on its way to it meanwhile.
	await main.batches.join('support', 'Log Conversation', [second], 20);
	const told = nextHeard(main.batches, 'finished');
	worker.starts.report('support', [first, second]);
	worker.starts.finished('support', []); // the worker's pack tells its messages' ends
	await told;

	const [third, fourth] = [customerMessage(), customerMessage('viber')];
	const opener = main.batches.join('support', 'Log Conversation', [third], 20);
	await expect(main.batches.join('support', 'Log Conversation', [fourth], 20)).resolves.toBeNull();

	worker.starts.finished('support', [first]);
	await expect(opener).resolves.toEqual([third, fourth]);
});

test('one n8n process hears its own starts and needs no Redis', async () => {
	const alone = process_({});
	await alone.starts.hear();
	const [first, second, third] = [customerMessage(), customerMessage(), customerMessage()];
	alone.starts.report('support', []); // Log Conversation has run in this process before
	await alone.batches.join('support', 'Telegram', [first], 20);
	const opener = alone.batches.join('support', 'Telegram', [second], 20);
	await expect(alone.batches.join('support', 'Telegram', [third], 20)).resolves.toBeNull();

	alone.starts.report('support', [first]);
	await expect(opener).resolves.toEqual([second, third]);
});
