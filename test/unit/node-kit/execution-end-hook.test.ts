/**
 * n8n runs the pack's `workflow.postExecute` hook when an execution ends, whatever its status: the
 * batches then hear that every message the execution carried has ended, wherever its path left
 * the pack's nodes (a Slack node at the end, a failure before the pack's last node).
 */
import type { IRun, IWorkflowBase } from 'n8n-workflow';

import { messagesOf, workflow } from '../../../nodes/node-kit/executionEndHook';
import { executionStarts } from '../../../nodes/shared/ingest/starts';

const message = (externalId: string) => ({ channel: 'telegram', account: 'bot-1', externalId, text: 'Where is my order?' });

/** An execution that ran `nodes`, each putting out these items' JSON. */
const runOf = (nodes: Record<string, object[]>, status: IRun['status'] = 'success') =>
	({
		status,
		data: { resultData: { runData: Object.fromEntries(Object.entries(nodes).map(([name, items]) => [name, [{ data: { main: [items.map((json) => ({ json }))] } }]])) } },
	}) as unknown as IRun;

const ended = jest.spyOn(executionStarts, 'finished').mockImplementation(() => undefined);
afterAll(() => ended.mockRestore());

test('an execution that failed after the trigger reports each of its messages ended, once', async () => {
	const run = runOf(
		{
			'Telegram Trigger': [{ message: message('update-1') }, { message: message('update-2') }],
			'Log Conversation': [{ message: message('update-1'), conversation: { id: 7 } }],
			'Post to Slack': [{ ok: true }],
		},
		'error',
	);

	await workflow.postExecute![0](run, { id: 'custom' } as IWorkflowBase);

	expect(ended).toHaveBeenCalledWith('custom', [message('update-1'), message('update-2')]);
});

test('the pack’s nodes leave the end reports to the hook in a process that runs it', () => {
	expect(executionStarts.endsReportedByHook).toBe(true);
});

test('an execution that carried no channel’s message reports nothing', () => {
	expect(messagesOf(runOf({ Schedule: [{}], 'HTTP Request': [{ message: 'hello' }] }))).toEqual([]);
});
