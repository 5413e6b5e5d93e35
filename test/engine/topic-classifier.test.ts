/** The Topic Classifier node in n8n's real engine: a message in, Classified or Unsure out. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { INodeParameters } from 'n8n-workflow';

import { parseInbound } from '../../nodes/shared/envelope';
import { closeAllStores, openStore } from '../../nodes/shared/store';
import { runWorkflow, startAndNode, type WorkflowJson } from '../harness/engine';
import { startFakeLlm, type FakeLlm } from '../fakes/llm/server';

const classifyWorkflow = (parameters: INodeParameters): WorkflowJson =>
	startAndNode({
		name: 'Topic Classifier',
		type: 'topicClassifier',
		parameters: { operation: 'classify', modelName: 'engine-test', trainingSource: 'file', trainingFile: 'workflows/data/topics.csv', ...parameters },
		credentials: {
			contactCenterStoreApi: { id: '1', name: 'Store' },
			contactCenterLlmApi: { id: '2', name: 'LLM' },
		},
	});

describe('the Topic Classifier node', () => {
	const dir = mkdtempSync(join(tmpdir(), 'cc-topic-engine-'));
	const storeCredential = { backend: 'sqlite', sqliteFile: join(dir, 'store.sqlite') };
	let llm: FakeLlm;

	beforeAll(async () => {
		llm = await startFakeLlm({ order_status: ['заказ'], refund: ['refund'] });
	});
	afterAll(async () => {
		await llm.close();
		await closeAllStores();
		rmSync(dir, { recursive: true, force: true });
	});

	test('a clear question is classified and recorded on its conversation; gibberish goes to the Unsure output', async () => {
		const store = await openStore({ backend: 'sqlite', file: storeCredential.sqliteFile });
		const logged = await store.conversations.logInbound(
			parseInbound({
				channel: 'telegram',
				account: 'bot',
				externalId: '1',
				conversationKey: '7',
				sender: { id: '7' },
				text: 'Где мой заказ?',
				receivedAt: new Date().toISOString(),
				raw: {},
			}),
		);
		const run = await runWorkflow(classifyWorkflow({ threshold: 0.5 }), {
			credentials: { contactCenterStoreApi: storeCredential },
			triggerItems: [
				{ json: { message: { text: 'Где мой заказ?' }, conversation: { id: logged.conversation.id } } },
				{ json: { message: { text: 'zzqx vrumble plonk' } } },
			],
		});
		expect(run.error).toBeUndefined();
		const [classified] = run.outputOf('Topic Classifier', 0);
		expect(classified.classification).toMatchObject({ topic: 'order_status', unsure: false, language: 'ru', model: 'engine-test', engine: 'built-in' });
		expect(run.outputOf('Topic Classifier', 1)).toEqual([expect.objectContaining({ classification: expect.objectContaining({ unsure: true }) })]);
		expect(await store.conversations.get(logged.conversation.id)).toMatchObject({ topic: 'order_status', language: 'ru' });
	});

	test('with the LLM engine, an answer naming no allowed topic sends the message to Unsure', async () => {
		const llmCredential = { baseUrl: llm.baseUrl, apiKey: llm.apiKey, model: llm.model };
		const run = (text: string) =>
			runWorkflow(classifyWorkflow({ engine: 'llm' }), {
				credentials: { contactCenterStoreApi: storeCredential, contactCenterLlmApi: llmCredential },
				triggerItems: [{ json: { message: { text } } }],
			});
		expect((await run('I want a refund')).outputOf('Topic Classifier', 0)).toEqual([
			expect.objectContaining({ classification: expect.objectContaining({ topic: 'refund', engine: 'llm' }) }),
		]);
		llm.misbehave('unknown-topic', 1);
		expect((await run('I want a refund')).outputOf('Topic Classifier', 1)).toEqual([
			expect.objectContaining({ classification: expect.objectContaining({ topic: null, unsure: true }) }),
		]);
	});

	test('Retrain trains once for all its input items; Add Correction learns each item’s text, and a correction that fails stays with its item', async () => {
		const modelNode = (parameters: INodeParameters) => {
			const workflow = startAndNode({
				name: 'Topic Classifier',
				type: 'topicClassifier',
				parameters: { modelName: 'engine-retrain', ...parameters },
				credentials: { contactCenterStoreApi: { id: '1', name: 'Store' } },
			});
			workflow.nodes[1].onError = 'continueRegularOutput';
			return workflow;
		};
		const examples = [
			{ text: 'where is my parcel', label: 'order_status' },
			{ text: 'my order has not arrived', label: 'order_status' },
			{ text: 'I want my money back', label: 'refund' },
			{ text: 'please refund the payment', label: 'refund' },
		];
		const retrained = await runWorkflow(modelNode({ operation: 'retrain', trainingSource: 'items' }), {
			credentials: { contactCenterStoreApi: storeCredential },
			triggerItems: examples.map((json) => ({ json })),
		});
		expect(retrained.error).toBeUndefined();
		expect(retrained.outputOf('Topic Classifier', 0)).toEqual([expect.objectContaining({ imported: 4, retrained: true })]);

		const corrected = await runWorkflow(modelNode({ operation: 'addCorrection', correctionTarget: 'text', topic: 'refund' }), {
			credentials: { contactCenterStoreApi: storeCredential },
			triggerItems: [{ json: { message: { text: 'charge me back' } } }, { json: { message: { text: '' } } }],
		});
		expect(corrected.error).toBeUndefined();
		expect(corrected.outputOf('Topic Classifier', 0)).toEqual([
			expect.objectContaining({ correction: { modelName: 'engine-retrain', text: 'charge me back', topic: 'refund', added: true } }),
			expect.objectContaining({ error: 'A correction needs both the text and the topic.' }),
		]);
		expect(corrected.outputOf('Topic Classifier', 1)).toEqual([]);
	});
});
