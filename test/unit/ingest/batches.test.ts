/**
 * Deliveries share an execution while n8n is busy: a message that arrives while the execution n8n
 * was handed for earlier messages has not started yet, or while the processes running the
 * workflow each have an execution under way, waits, and the messages that arrive meanwhile on
 * triggers going the same way join it. A quiet workflow, and a process that never hears of an
 * execution's start, start every delivery at once.
 */
import { deliveryKeys, ExecutionBatches } from '../../../nodes/shared/ingest/batches';
import { customerMessage } from './messages';


/** Whether a join has resolved by now: everything it waits for is in this process. */
async function settledYet<T>(promise: Promise<T>): Promise<boolean> {
	const marker = Symbol('pending');
	return (await Promise.race([promise, new Promise((resolve) => setImmediate(() => resolve(marker)))])) !== marker;
}

describe('messages sharing an execution while n8n is busy', () => {
	it('starts every message of a quiet workflow at once, each in its own execution', async () => {
		const batches = new ExecutionBatches();
		const [a, b] = [customerMessage(), customerMessage()];
		await expect(batches.join('support', 'Telegram', [a], 20)).resolves.toEqual([a]);
		await expect(batches.join('support', 'Telegram', [b], 20)).resolves.toEqual([b]);
	});

	it('holds messages back while the execution before them has not started, then starts them together', async () => {
		const batches = new ExecutionBatches();
		batches.started('support', []); // Log Conversation runs in this process
		const first = customerMessage();
		await expect(batches.join('support', 'Telegram', [first], 20)).resolves.toEqual([first]);

		const [second, third, fourth] = [customerMessage(), customerMessage(), customerMessage()];
		const opener = batches.join('support', 'Telegram', [second], 20);
		await expect(batches.join('support', 'Telegram', [third], 20)).resolves.toBeNull();
		await expect(batches.join('support', 'Telegram', [fourth], 20)).resolves.toBeNull();
		expect(await settledYet(opener)).toBe(false);

		batches.started('support', deliveryKeys([first]));
		await expect(opener).resolves.toEqual([second, third, fourth]);
	});

	it('starts a full batch without waiting any longer', async () => {
		const batches = new ExecutionBatches();
		batches.started('support', []);
		const first = customerMessage();
		await batches.join('support', 'Telegram', [first], 2);
		const [second, third] = [customerMessage(), customerMessage()];
		const opener = batches.join('support', 'Telegram', [second], 2);
		await expect(batches.join('support', 'Telegram', [third], 2)).resolves.toBeNull();
		await expect(opener).resolves.toEqual([second, third]);
		// The next message opens a batch of its own, which waits again.
		const last = customerMessage();
		const after = batches.join('support', 'Telegram', [last], 2);
		expect(await settledYet(after)).toBe(false);
		batches.started('support', deliveryKeys([first, second]));
		await expect(after).resolves.toEqual([last]);
	});

	it('starts held messages anyway when the execution before them never reports its start', async () => {
		const batches = new ExecutionBatches(30);
		batches.started('support', []);
		await batches.join('support', 'Telegram', [customerMessage()], 20); // its execution fails before Log Conversation
		const held = customerMessage();
		await expect(batches.join('support', 'Telegram', [held], 20)).resolves.toEqual([held]);
	});

	it('gives every message its own execution when the limit is 1', async () => {
		const batches = new ExecutionBatches();
		batches.started('support', []);
		await batches.join('support', 'Telegram', [customerMessage()], 1);
		const [a, b] = [customerMessage(), customerMessage()];
		await expect(batches.join('support', 'Telegram', [a], 1)).resolves.toEqual([a]);
		await expect(batches.join('support', 'Telegram', [b], 1)).resolves.toEqual([b]);
	});

	it('lets the triggers of one workflow start their held batches in turn', async () => {
		const batches = new ExecutionBatches();
		batches.started('support', []);
		const first = customerMessage();
		await batches.join('support', 'Telegram', [first], 20);
		const viber = customerMessage('viber');
		const telegram = customerMessage();
		const viberBatch = batches.join('support', 'Viber', [viber], 20);
		const telegramBatch = batches.join('support', 'Telegram', [telegram], 20);

		batches.started('support', deliveryKeys([first]));
		await expect(viberBatch).resolves.toEqual([viber]);
		expect(await settledYet(telegramBatch)).toBe(false);
		batches.started('support', deliveryKeys([viber]));
		await expect(telegramBatch).resolves.toEqual([telegram]);
	});

	it('does not hold one workflow’s messages for another workflow’s executions', async () => {
		const batches = new ExecutionBatches();
		batches.started('support', []);
		batches.started('orders', []);
		await batches.join('orders', 'Telegram', [customerMessage()], 20);
		const a = customerMessage();
		await expect(batches.join('support', 'Telegram', [a], 20)).resolves.toEqual([a]);
	});

	it('never holds messages in a process whose executions run elsewhere (queue mode)', async () => {
		const batches = new ExecutionBatches();
		await batches.join('support', 'Telegram', [customerMessage()], 20);
		const a = customerMessage();
		await expect(batches.join('support', 'Telegram', [a], 20)).resolves.toEqual([a]);
	});
});

describe('messages waiting while the executions before them are under way', () => {
	/** A workflow whose executions report their start and their messages' end in this process. */
	function reportingBatches(waitLimitMs?: number) {
		const batches = new ExecutionBatches(waitLimitMs);
		batches.started('support', []);
		batches.finished('support', []);
		return batches;
	}

	it('starts the next execution while one runs, then gathers the messages written meanwhile until the first one’s customers are answered', async () => {
		const batches = reportingBatches();
		const [first, second] = [customerMessage(), customerMessage()];
		await expect(batches.join('support', 'Log Conversation', [first, second], 20)).resolves.toEqual([first, second]);
		batches.started('support', deliveryKeys([first, second]));
		// The next one is on its way while the first runs, so that n8n does not wait between the two.
		const third = customerMessage();
		await expect(batches.join('support', 'Log Conversation', [third], 20)).resolves.toEqual([third]);
		batches.started('support', deliveryKeys([third]));

		const [fourth, fifth] = [customerMessage(), customerMessage('viber')];
		const opener = batches.join('support', 'Log Conversation', [fourth], 20);
		await expect(batches.join('support', 'Log Conversation', [fifth], 20)).resolves.toBeNull();
		batches.finished('support', deliveryKeys([first]));
		expect(await settledYet(opener)).toBe(false);

		batches.finished('support', deliveryKeys([second]));
		await expect(opener).resolves.toEqual([fourth, fifth]);
	});

	it('lets every process that runs the workflow’s executions have as many under way as one process', async () => {
		// Queue mode's main: two workers report, main runs no execution itself.
		const batches = new ExecutionBatches();
		batches.started('support', [], 'worker-1');
		batches.finished('support', [], 'worker-2');
		const underWay = [];
		for (let n = 0; n < 4; n++) {
			const message = customerMessage();
			await expect(batches.join('support', 'Log Conversation', [message], 20)).resolves.toEqual([message]);
			batches.started('support', deliveryKeys([message]), `worker-${(n % 2) + 1}`);
			underWay.push(message);
		}

		const held = customerMessage();
		const waiting = batches.join('support', 'Log Conversation', [held], 20);
		expect(await settledYet(waiting)).toBe(false);
		batches.finished('support', deliveryKeys([underWay[1]]), 'worker-2');
		await expect(waiting).resolves.toEqual([held]);
	});

	it('starts held messages anyway when the end of the execution before them is never told', async () => {
		const batches = reportingBatches(30);
		const first = customerMessage();
		await batches.join('support', 'Log Conversation', [first], 20);
		batches.started('support', deliveryKeys([first])); // its message goes where no pack node tells its end
		const held = customerMessage();
		await expect(batches.join('support', 'Log Conversation', [held], 20)).resolves.toEqual([held]);
	});
});

