import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parseInbound } from '../../../nodes/shared/envelope';
import { closeAllStores, openStore } from '../../../nodes/shared/store';
import {
	addExamples,
	classifyWithModel,
	ensureModel,
	forgetLoadedModels,
	listExamples,
	readExamplesFile,
	recordCorrection,
	setConversationTopic,
	storeClassification,
	trainingSet,
	type TrainingSource,
} from '../../../nodes/shared/topics';
import { postgresBackend, SAMPLE_FILE, sqliteBackend, storePerSuite } from './backends';

// Each test trains a model or two (five calibration folds and the full fit each): well under a second
// alone, several on a machine busy with other test files.
jest.setTimeout(30_000);

const FILE_SOURCE: TrainingSource = { kind: 'file', path: SAMPLE_FILE, columns: { text: 'text', label: 'label' } };
let modelCounter = 0;
const freshModelName = () => `support-${process.pid}-${++modelCounter}`;

/** The store and topics modules loaded afresh, as another n8n process has them: their own memory, their own connections. */
function anotherProcess() {
	let modules!: { store: typeof import('../../../nodes/shared/store'); topics: typeof import('../../../nodes/shared/topics') };
	jest.isolateModules(() => {
		modules = { store: require('../../../nodes/shared/store'), topics: require('../../../nodes/shared/topics') };
	});
	return modules;
}

/** The same examples in another order: rotated by one, then reversed. */
const reordered = <T>(list: T[]): T[] => [...list.slice(1), list[0]].reverse();

describe.each([
	['SQLite', sqliteBackend],
	['PostgreSQL', postgresBackend],
])('topic models on %s', (_name, makeBackend) => {
	const suite = storePerSuite(makeBackend);

	test('a model trained once is loaded, not retrained, after a restart and with the examples in another order', async () => {
		const name = freshModelName();
		const examples = await trainingSet(suite.store, name, FILE_SOURCE);
		const first = await ensureModel(suite.store, name, examples);
		expect(first.origin).toBe('trained');
		expect(first.info.topics).toEqual(expect.arrayContaining(['order_status', 'refund', 'other']));

		expect((await ensureModel(suite.store, name, examples)).origin).toBe('memory');

		// A restart: the process forgets what it loaded and reopens the database.
		forgetLoadedModels();
		await closeAllStores();
		suite.store = await openStore(suite.backend.config);
		const afterRestart = await ensureModel(suite.store, name, reordered(examples));
		expect(afterRestart.origin).toBe('store');
		expect(afterRestart.info.trainedAt).toBe(first.info.trainedAt);
		expect(afterRestart.info.examplesHash).toBe(first.info.examplesHash);
		expect(afterRestart.classifier.classify('Где мой заказ?').topic).toBe('order_status');
	});

	test('a stored model of a format this release cannot read is trained again, not an error', async () => {
		const name = freshModelName();
		const examples = await trainingSet(suite.store, name, FILE_SOURCE);
		const first = await ensureModel(suite.store, name, examples);
		const older = { ...first.classifier.toJSON(), version: 2 };
		await suite.store.db.query('UPDATE classifier_models SET model = ? WHERE name = ?', [JSON.stringify(older), name]);
		forgetLoadedModels();

		const again = await ensureModel(suite.store, name, examples);

		expect(again.origin).toBe('trained');
		expect(again.classifier.classify('Где мой заказ?').topic).toBe('order_status');
		forgetLoadedModels();
		expect((await ensureModel(suite.store, name, examples)).origin).toBe('store');
	});

	test('changed examples retrain once, then the new model is reused', async () => {
		const name = freshModelName();
		const examples = await trainingSet(suite.store, name, FILE_SOURCE);
		const before = await ensureModel(suite.store, name, examples);
		const changed = [...examples, { text: 'Est-ce que le tirage de vendredi est reporté ?', label: 'next_draw' }];
		const retrained = await ensureModel(suite.store, name, changed);
		expect(retrained.origin).toBe('trained');
		expect(retrained.info.examplesHash).not.toBe(before.info.examplesHash);
		expect(retrained.info.exampleCount).toBe(examples.length + 1);
		expect((await ensureModel(suite.store, name, changed)).origin).toBe('memory');
	});

	test('an operator setting a conversation’s topic teaches the model: the next answer follows it', async () => {
		const name = freshModelName();
		const text = 'Мой купон с прошлой недели так и не засчитали';
		const before = classifyWithModel(await ensureModel(suite.store, name, await trainingSet(suite.store, name, FILE_SOURCE)), text, 0.5);
		const operatorTopic = before.topic === 'complaint' ? 'refund' : 'complaint';

		const logged = await suite.store.conversations.logInbound(
			parseInbound({
				channel: 'telegram',
				account: `bot-${name}`,
				externalId: '1',
				conversationKey: '42',
				sender: { id: '42', name: 'Ivan' },
				text,
				receivedAt: new Date().toISOString(),
				raw: {},
			}),
		);
		const { correction } = await setConversationTopic(suite.store, name, logged.conversation.id, operatorTopic);
		expect(correction).toMatchObject({ text, topic: operatorTopic, added: true });
		expect(await suite.store.conversations.get(logged.conversation.id)).toMatchObject({ topic: operatorTopic });

		const after = await ensureModel(suite.store, name, await trainingSet(suite.store, name, FILE_SOURCE));
		expect(after.origin).toBe('trained');
		expect(classifyWithModel(after, text, 0.5)).toMatchObject({ topic: operatorTopic, model: name, engine: 'built-in' });

		// The classifier never overwrites the operator's topic on that conversation.
		// Its language still follows what the customer writes.
		expect(await storeClassification(suite.store, logged.conversation.id, { topic: 'other', confidence: 0.99, language: 'fr' })).toBe(false);
		expect(await suite.store.conversations.get(logged.conversation.id)).toMatchObject({ topic: operatorTopic, language: 'fr' });
	});

	test('a correction taken in another process retrains there once; here the next message takes that model, not the one it held', async () => {
		const name = freshModelName();
		const text = 'Мой купон с прошлой недели так и не засчитали';
		const held = await ensureModel(suite.store, name, await trainingSet(suite.store, name, FILE_SOURCE));
		expect((await ensureModel(suite.store, name, await trainingSet(suite.store, name, FILE_SOURCE))).origin).toBe('memory');
		const operatorTopic = classifyWithModel(held, text, 0.5).topic === 'complaint' ? 'refund' : 'complaint';

		// Another n8n process (its own modules, memory and connection) takes the operator's correction and classifies the next message.
		const other = anotherProcess();
		const otherStore = await other.store.openStore(suite.backend.config);
		await other.topics.recordCorrection(otherStore, name, text, operatorTopic);
		const retrained = await other.topics.ensureModel(otherStore, name, await other.topics.trainingSet(otherStore, name, FILE_SOURCE));
		expect(retrained.origin).toBe('trained');
		await other.store.closeAllStores();

		const next = await ensureModel(suite.store, name, await trainingSet(suite.store, name, FILE_SOURCE));
		expect(next.origin).toBe('store');
		expect(next.info.examplesHash).toBe(retrained.info.examplesHash);
		expect(classifyWithModel(next, text, 0.5).topic).toBe(operatorTopic);
		expect((await ensureModel(suite.store, name, await trainingSet(suite.store, name, FILE_SOURCE))).origin).toBe('memory');
	});

	test('the same correction twice is one example', async () => {
		const name = freshModelName();
		expect((await recordCorrection(suite.store, name, ' Где мой купон? ', 'order_status')).added).toBe(true);
		expect((await recordCorrection(suite.store, name, 'Где мой купон?', 'order_status')).added).toBe(false);
		expect(await listExamples(suite.store, name)).toEqual([expect.objectContaining({ source: 'operator', text: 'Где мой купон?', label: 'order_status' })]);
	});

	test('a message like nothing the model learned is unsure, and the conversation records how sure it was', async () => {
		const name = freshModelName();
		const model = await ensureModel(suite.store, name, await trainingSet(suite.store, name, FILE_SOURCE));
		const result = classifyWithModel(model, 'zzqx vrumble plonk 7734', 0.5);
		expect(result.unsure).toBe(true);
		expect(result.confidence).toBeLessThan(0.5);
		const sure = classifyWithModel(model, 'I forgot my password and cannot log in', 0.5);
		expect(sure).toMatchObject({ topic: 'account_access', unsure: false, language: 'en' });

		const logged = await suite.store.conversations.logInbound(
			parseInbound({
				channel: 'webchat',
				account: `site-${name}`,
				externalId: 'm1',
				conversationKey: 's1',
				sender: { id: 's1' },
				text: 'I forgot my password and cannot log in',
				receivedAt: new Date().toISOString(),
				raw: {},
			}),
		);
		expect(await storeClassification(suite.store, logged.conversation.id, sure)).toBe(true);
		const rows = await suite.store.db.query('SELECT topic, language, topic_confidence, topic_source FROM conversations WHERE id = ?', [logged.conversation.id]);
		expect(rows[0]).toMatchObject({ topic: 'account_access', language: 'en', topic_source: 'classifier' });
		expect(Number(rows[0].topic_confidence)).toBeCloseTo(sure.confidence, 5);
	});

	test('a customer who only asks for a person gets no guessed topic, and the conversation keeps the one it had', async () => {
		const name = freshModelName();
		const model = await ensureModel(suite.store, name, await trainingSet(suite.store, name, FILE_SOURCE));
		const logged = await suite.store.conversations.logInbound(
			parseInbound({
				channel: 'telegram',
				account: `bot-${name}`,
				externalId: 'm1',
				conversationKey: 'c1',
				sender: { id: 'c1' },
				text: 'I was charged twice for one order',
				receivedAt: new Date().toISOString(),
				raw: {},
			}),
		);
		const first = classifyWithModel(model, 'I was charged twice for one order', 0.5);
		expect(first.topic).not.toBeNull();
		await storeClassification(suite.store, logged.conversation.id, first);

		for (const text of ['operator please', 'позовите оператора', 'можна людину?', 'je veux parler à un conseiller']) {
			const result = classifyWithModel(model, text, 0.5);
			expect(result).toMatchObject({ topic: null, unsure: true, reason: 'The message asks for a person without saying what about' });
			await storeClassification(suite.store, logged.conversation.id, result);
		}
		const rows = await suite.store.db.query('SELECT topic, topic_source FROM conversations WHERE id = ?', [logged.conversation.id]);
		expect(rows[0]).toMatchObject({ topic: first.topic, topic_source: 'classifier' });
		expect(classifyWithModel(model, 'operator, my card was charged twice', 0.5).topic).toBe(first.topic);
	});

	test('examples holding HTML or a spreadsheet formula are plain text, kept and learned as written', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'cc-topics-file-'));
		try {
			const file = join(dir, 'examples.csv');
			const formula = '=HYPERLINK("http://evil.example/x","Refund me now")';
			const html = '<b>Refund</b> please <script>alert(1)</script>';
			writeFileSync(file, `text,label\n"${formula.replace(/"/g, '""')}",refund\n"${html}",refund\n`);
			const fromFile = readExamplesFile(file, { text: 'text', label: 'label' });
			expect(fromFile).toEqual([
				{ text: formula, label: 'refund' },
				{ text: html, label: 'refund' },
			]);
			const name = freshModelName();
			await addExamples(suite.store, name, 'store', [...readExamplesFile(SAMPLE_FILE, { text: 'text', label: 'label' }), ...fromFile]);
			expect((await listExamples(suite.store, name)).filter((e) => e.text === formula || e.text === html)).toHaveLength(2);

			const model = await ensureModel(suite.store, name, await trainingSet(suite.store, name, { kind: 'store' }));
			expect(classifyWithModel(model, formula, 0.3).topic).toBe('refund');
			expect(classifyWithModel(model, html, 0.3).topic).toBe('refund');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
