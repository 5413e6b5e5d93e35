/**
 * Ops staff keep the bot's knowledge base, its menu and the customer topics in n8n Data Tables.
 * Applied to the store, the tables are what the bot answers with, what its menu shows and what
 * the classifier learns; an emptied table hands back to the shipped file; a bad row is named and
 * skipped, and a table of nothing but mistakes leaves the bot as it was. On both stores.
 */
import { join } from 'node:path';

import { listKnowledge, readMenuFile } from '../../../nodes/shared/bot';
import {
	applyKnowledgeBase,
	applyMenu,
	applyTopics,
	appliedMenu,
	KNOWLEDGE_BASE,
	MENU,
	TOPICS,
	type TableRow,
} from '../../../nodes/shared/settings';
import { addExamples, readExamplesFile, trainingSet } from '../../../nodes/shared/topics';
import { storePerTest } from '../../harness/backends';
import { BACKENDS } from '../customers/backends';
import { customer, SAMPLE_KB } from '../bot/world';
import { shippedRows } from './shipped';

const DATA = join(__dirname, '../../../workflows/data');
const TABLE_KB = { kind: 'table' as const, path: SAMPLE_KB };

describe.each(BACKENDS)('the bot’s tables on %s', (_name, makeBackend) => {
	const world = storePerTest(makeBackend);

	test('the shipped tables hold what the shipped files do', async () => {
		expect(await applyKnowledgeBase(world.store, shippedRows(KNOWLEDGE_BASE))).toMatchObject({ problems: [], removed: 0 });
		// The admin workflow applies every minute: an unchanged table writes nothing, so the bot's built index stays.
		const stamp = async () => (await world.store.db.query('SELECT MAX(updated_at) AS at FROM knowledge_base'))[0].at;
		const first = await stamp();
		await new Promise((r) => setTimeout(r, 5));
		expect(await applyKnowledgeBase(world.store, shippedRows(KNOWLEDGE_BASE))).toMatchObject({ created: [], removed: 0 });
		expect(await stamp()).toEqual(first);
		const stored = await listKnowledge(world.store.db);
		expect(stored).toHaveLength(shippedRows(KNOWLEDGE_BASE).length);
		expect(stored.find((e) => e.intent === 'order_status' && e.language === 'en')?.questions).toEqual([
			'Where is my order?',
			'What is the status of my order',
			'Has my order been shipped',
		]);

		expect(await applyMenu(world.store, shippedRows(MENU))).toMatchObject({ problems: [] });
		// Every option, level and language; the file's heading above the options is not one (the bot says its own "choose").
		expect((await appliedMenu(world.store.db))?.options).toEqual(readMenuFile(join(DATA, 'menu.json')).options);

		expect(await applyTopics(world.store, shippedRows(TOPICS), 'support')).toMatchObject({ problems: [] });
		const topics = await trainingSet(world.store, 'support', { kind: 'table', file: { kind: 'file', path: '/nowhere.csv', columns: { text: 'text', label: 'label' } } });
		expect(topics.map((e) => `${e.label}:${e.text}`).sort()).toEqual(
			readExamplesFile(join(DATA, 'topics.csv'), { text: 'text', label: 'label' }).map((e) => `${e.label}:${e.text}`).sort(),
		);
	});

	test('a knowledge-base answer edited in the table is what the next customer is told; emptied, the table hands back to the file', async () => {
		const rows = shippedRows(KNOWLEDGE_BASE);
		const row = rows.find((r) => r.intent === 'order_status' && r.language === 'en')!;
		row.answer = 'Orders now ship the same day. Track yours at https://acme.test/track.';
		await applyKnowledgeBase(world.store, rows);

		const anna = customer(world.store, 'webchat', { kb: TABLE_KB });
		expect((await anna.writes('Where is my order??')).reply.text).toContain('Orders now ship the same day');

		await applyKnowledgeBase(world.store, []);
		const ben = customer(world.store, 'webchat', { kb: TABLE_KB });
		const fromFile = (await ben.writes('Where is my order??')).reply.text;
		expect(fromFile).toContain('Orders ship within 2 working days');
		expect(fromFile).not.toContain('same day');
	});

	test('a row without an answer is named and skipped, a duplicate too; a table of only mistakes leaves the knowledge base as it was', async () => {
		await applyKnowledgeBase(world.store, shippedRows(KNOWLEDGE_BASE));
		const rows = shippedRows(KNOWLEDGE_BASE);
		rows[2] = { ...rows[2], answer: '' };
		rows.push({ ...rows[0] });
		rows.splice(1, 1);

		const applied = await applyKnowledgeBase(world.store, rows);

		expect(applied.problems).toEqual([
			{ table: 'Contact Center · Knowledge Base', row: 2, reason: 'needs a question and an answer' },
			{ table: 'Contact Center · Knowledge Base', row: rows.length, reason: 'order_status in en is already row 1' },
		]);
		// The row taken out and the one that broke are gone: the world.store mirrors the table's good rows.
		expect(applied.removed).toBe(2);
		const before = (await listKnowledge(world.store.db)).length;

		const broken = await applyKnowledgeBase(world.store, [{ intent: 'x', language: 'en', question: '', answer: '', tags: '' }]);
		expect(broken.problems).toHaveLength(1);
		expect(await listKnowledge(world.store.db)).toHaveLength(before);
	});

	test('a menu option renamed in the table is the bot’s menu; a row whose parent is missing keeps it as it was; an emptied table hands back to the file', async () => {
		const rows = shippedRows(MENU);
		const orders = rows.find((r) => r.path === '1' && r.language === 'en')!;
		orders.label = 'My orders';
		await applyMenu(world.store, rows);
		const menu = await appliedMenu(world.store.db);
		expect(menu?.options[0].label).toMatchObject({ en: 'My orders', ru: 'Заказы' });

		const broken = await applyMenu(world.store, [...rows, { path: '9.1', language: 'en', label: 'Orphan', answer: 'x', tags: '', handoff: false }]);
		expect(broken.problems).toEqual([{ table: 'Contact Center · Bot Menu', row: null, reason: expect.stringContaining('option 9.1 has no parent row') }]);
		expect((await appliedMenu(world.store.db))?.options[0].label).toMatchObject({ en: 'My orders' });

		await applyMenu(world.store, []);
		expect(await appliedMenu(world.store.db)).toBeNull();
	});

	test('a topic example added in the table joins the model’s examples, with operators’ corrections kept beside them', async () => {
		const rows: TableRow[] = shippedRows(TOPICS);
		rows.push({ text: 'I want to become a reseller of your products', label: 'partnership', language: 'en' }, { text: 'no topic here', label: '', language: 'en' });

		await addExamples(world.store, 'support', 'operator', [{ text: 'my parcel came crushed', label: 'complaint' }]);
		const applied = await applyTopics(world.store, rows, 'support');

		expect(applied.problems).toEqual([{ table: 'Contact Center · Topics', row: rows.length, reason: 'label: needs a topic' }]);
		expect(applied.updated).toContain('partnership');
		const file = { kind: 'file' as const, path: join(DATA, 'topics.csv'), columns: { text: 'text', label: 'label' } };
		const examples = await trainingSet(world.store, 'support', { kind: 'table', file });
		expect(examples).toContainEqual(expect.objectContaining({ label: 'partnership', text: 'I want to become a reseller of your products' }));
		expect(examples).toContainEqual(expect.objectContaining({ label: 'complaint', text: 'my parcel came crushed' }));
		expect(await trainingSet(world.store, 'support', file)).not.toContainEqual(expect.objectContaining({ label: 'partnership' }));
	});
});
