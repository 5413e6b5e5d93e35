/** The Self-Service Bot's knowledge-base operations in n8n's real engine: they act once per execution, whatever the number of input items. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { INodeParameters } from 'n8n-workflow';

import { closeAllStores } from '../../nodes/shared/store';
import { runWorkflow, startAndNode } from '../harness/engine';

const botNode = (parameters: INodeParameters) =>
	startAndNode({
		name: 'Self-Service Bot',
		type: 'selfServiceBot',
		parameters,
		credentials: { contactCenterStoreApi: { id: '1', name: 'Store' } },
	});

describe('the Self-Service Bot node', () => {
	const dir = mkdtempSync(join(tmpdir(), 'cc-bot-engine-'));
	const credentials = { contactCenterStoreApi: { backend: 'sqlite', sqliteFile: join(dir, 'store.sqlite') } };
	afterAll(async () => {
		await closeAllStores();
		rmSync(dir, { recursive: true, force: true });
	});

	test('an ops person imports the sheet of a table node, then lists the Russian entries: each once, however many items came in', async () => {
		const rows = [
			{ intent: 'order_status', language: 'en', question: 'Where is my order?', answer: 'See https://example.com/orders', tags: 'orders' },
			{ intent: 'order_status', language: 'ru', question: 'Где мой заказ?', answer: 'Смотрите https://example.com/orders', tags: 'orders' },
			{ intent: 'refund', language: 'ru', question: 'Верните деньги', answer: 'Возврат за 5 дней', tags: 'billing' },
		];
		const imported = await runWorkflow(
			botNode({ operation: 'importKnowledge', knowledgeSource: 'items', knowledgeItems: JSON.stringify(rows), replace: true }),
			{ credentials, triggerItems: [{ json: { row: 1 } }, { json: { row: 2 } }] },
		);
		expect(imported.error).toBeUndefined();
		expect(imported.outputOf('Self-Service Bot', 0)).toEqual([{ stored: 3, removed: 0, intents: 2 }]);

		const listed = await runWorkflow(botNode({ operation: 'listKnowledge', language: 'ru' }), {
			credentials,
			triggerItems: [{ json: { ask: 1 } }, { json: { ask: 2 } }],
		});
		expect(listed.error).toBeUndefined();
		expect(listed.outputOf('Self-Service Bot', 0).map((entry) => [entry.intent, entry.answer])).toEqual([
			['order_status', 'Смотрите https://example.com/orders'],
			['refund', 'Возврат за 5 дней'],
		]);
		expect(listed.outputOf('Self-Service Bot', 1)).toEqual([]);
	});
});
