/**
 * A customer's own workflow, in a real n8n 2.41: the Telegram trigger, Log Conversation, then an
 * n8n IF that sends a message asking for a person to a pack reply and every other message to a
 * Slack-like n8n node, where the execution ends. No pack node sees those messages end; n8n's
 * `workflow.postExecute` hook (node-kit/executionEndHook.ts) tells the trigger's batches when
 * each execution has ended. Without it the two executions before stay "under way" for 2 s, and a
 * customer writing right after waits that long and then shares an execution with the next one.
 * The same in queue mode, where the worker's hook tells main through Redis.
 */
import { readFileSync } from 'node:fs';

import type { Store } from '../../nodes/shared/store';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram/server';
import { postgresBackend } from '../harness/backends';
import { startContactCenter, template, type ContactCenter } from '../harness/contact-center';
import type { N8nProcess } from '../harness/n8n-process';
import { eventually } from '../harness/wait';

jest.setTimeout(240_000);

const STORE = { contactCenterStoreApi: { id: 'ccStoreDefault01', name: 'Contact Center Store' } };
const TELEGRAM = { contactCenterTelegramApi: { id: 'ccTelegramBot001', name: 'Telegram Bot' } };

/** Telegram trigger → Log Conversation → "For a Person?" → (yes) a pack reply / (no) "Post to Slack", the end. */
function slackTailWorkflow() {
	const shipped = JSON.parse(readFileSync(template('support-pipeline'), 'utf8')) as { nodes: Array<{ name: string }> };
	const trigger = shipped.nodes.find((node) => node.name === 'Telegram')!;
	const link = (node: string) => [{ node, type: 'main', index: 0 }];
	return {
		id: 'cc-e2e-slack-tail',
		name: 'Support with a Slack tail',
		settings: { executionOrder: 'v1' },
		nodes: [
			{ ...trigger, position: [0, 0] },
			{
				id: 'a1',
				name: 'Log Conversation',
				type: 'n8n-nodes-contact-center.contactCenterConversation',
				typeVersion: 1,
				position: [220, 0],
				parameters: { operation: 'logInbound' },
				credentials: STORE,
			},
			{
				id: 'a2',
				name: 'For a Person?',
				type: 'n8n-nodes-base.if',
				typeVersion: 2.2,
				position: [440, 0],
				parameters: {
					conditions: {
						options: { caseSensitive: false, leftValue: '', typeValidation: 'loose', version: 2 },
						combinator: 'and',
						conditions: [{ id: 'c1', leftValue: '={{ $json.message.text }}', rightValue: 'operator', operator: { type: 'string', operation: 'contains' } }],
					},
					options: {},
				},
			},
			{
				id: 'a3',
				name: 'Tell: Message Received',
				type: 'n8n-nodes-contact-center.contactCenterReply',
				typeVersion: 1,
				position: [660, -100],
				parameters: { text: 'An operator will answer you here.', author: 'bot' },
				credentials: { ...STORE, ...TELEGRAM },
			},
			{ id: 'a4', name: 'Post to Slack', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [660, 100], parameters: {} },
		],
		connections: {
			Telegram: { main: [link('Log Conversation')] },
			'Log Conversation': { main: [link('For a Person?')] },
			'For a Person?': { main: [link('Tell: Message Received'), link('Post to Slack')] },
		},
	};
}

describe.each([
	['in one process', {}],
	// The hook runs in the worker; its report reaches main, which holds the deliveries, through Redis.
	['in queue mode, main and a worker', { queue: { workers: 1 } }],
] as const)('%s', (_mode, options) => {
	let telegram: FakeTelegram;
	let center: ContactCenter;
	let n8n: N8nProcess;
	let store: Store;

	beforeAll(async () => {
		telegram = await startFakeTelegram();
		const queue = 'queue' in options ? { queue: options.queue, backend: await postgresBackend() } : {};
		center = await startContactCenter({ workflows: [slackTailWorkflow()], telegram, ...queue });
		({ n8n, store } = center);
	});

	afterAll(async () => {
		await center?.stop();
		await telegram?.close();
	});

	const write = (name: string, text = 'Where is my order?') => telegram.deliver(telegram.updates.text(telegram.updates.customer({ first_name: name }), text));
	const executions = () => n8n.productionExecutions('cc-e2e-slack-tail');
	const logged = async (direction: 'in' | 'out') => Number((await store.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM messages WHERE direction = ?', [direction]))[0].n);

	test('customers writing right after two executions that ended at an n8n node start at once, each in an execution of their own', async () => {
		// A customer asking for a person gets the pack's reply, the pack's last node on that path.
		await write('Olga', 'I want to talk to an operator');
		await eventually('the reply to Olga', async () => (await executions()) === 1 && (await logged('out')) === 1);

		// Two customers at once: the first starts at once, the second once the first has started; each
		// execution ends at "Post to Slack".
		await Promise.all(['Anna', 'Boris'].map((name) => write(name)));
		await eventually('the two executions', async () => (await executions()) === 3);

		// Two more at once: with the two before told ended, the first starts at once and the second as
		// soon as the first has started, each alone; still counted under way, the two would wait and share one.
		await Promise.all(['Clara', 'Denis'].map((name) => write(name)));

		await eventually('all five messages logged', async () => (await logged('in')) === 5);
		await eventually('five executions', async () => (await executions()) === 5);
	});
});
