/** Add Approved Phrasings: an approved proposal goes into the knowledge base where ops staff keep it, nothing else of it changes. */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { listKnowledge, importKnowledge, readKbFile, saveApproved, withApproved, type PhrasingProposal } from '../../../nodes/shared/bot';
import { parseCsvRecords } from '../../../nodes/shared/classifier';
import { storeOn } from '../../../nodes/shared/store';
import { BACKENDS, migratedDb } from '../../harness/backends';
import { SAMPLE_KB } from './world';

const proposal = (p: Partial<PhrasingProposal>): PhrasingProposal => ({
	questions: [],
	language: 'en',
	entryKey: null,
	intent: null,
	answer: null,
	questionIds: [],
	...p,
});

const dir = mkdtempSync(join(tmpdir(), 'cc-approve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the phrasing customers picked under "did you mean" joins that entry in the CSV; the other rows stay as they were', async () => {
	const file = join(dir, 'kb.csv');
	copyFileSync(SAMPLE_KB, file);
	const before = parseCsvRecords(readFileSync(file, 'utf8'));
	const { entry, added, created } = withApproved(readKbFile(file), proposal({ questions: ['parcel still not here', 'Where is my order?'], entryKey: 'order_status:en' }));
	expect({ added, created }).toEqual({ added: ['parcel still not here'], created: false });

	await saveApproved(null as never, { kind: 'file', path: file }, entry, created);

	const after = parseCsvRecords(readFileSync(file, 'utf8'));
	expect(after).toHaveLength(before.length);
	after.forEach((row, i) => {
		if (row.intent === 'order_status' && row.language === 'en') expect(row.question).toBe(`${before[i].question}|parcel still not here`);
		else expect(row).toEqual(before[i]);
	});
	expect(readKbFile(file).find((e) => e.key === 'order_status:en')?.questions).toContain('parcel still not here');
});

test('a new question needs the answer ops staff approved, and becomes an entry of a JSON knowledge base', async () => {
	const file = join(dir, 'kb.json');
	writeFileSync(file, JSON.stringify([{ intent: 'refund', language: 'fr', questions: ['Je veux être remboursé'], answer: 'Sous 5 jours.' }]));
	expect(() => withApproved(readKbFile(file), proposal({ questions: ['vous livrez en Belgique ?'], language: 'fr' }))).toThrow(/with the answer/);

	const approved = withApproved(readKbFile(file), proposal({ questions: ['vous livrez en Belgique ?'], language: 'fr', intent: 'abroad', answer: 'Oui, en 4 jours.' }));
	await saveApproved(null as never, { kind: 'file', path: file }, approved.entry, approved.created);

	expect(readKbFile(file).map((e) => [e.key, e.questions, e.answer])).toEqual([
		['refund:fr', ['Je veux être remboursé'], 'Sous 5 jours.'],
		['abroad:fr', ['vous livrez en Belgique ?'], 'Oui, en 4 jours.'],
	]);
});

describe.each(BACKENDS)('a knowledge base in the store on %s', (_name, open) => {
	test('approved phrasings of an intent are added to its entry in that language', async () => {
		const { db, drop } = await migratedDb(open);
		try {
			const store = storeOn(db);
			await importKnowledge(store.db, readKbFile(SAMPLE_KB), true);
			const approved = withApproved(await listKnowledge(store.db), proposal({ questions: ['скільки мені ще чекати посилку'], language: 'uk', intent: 'delivery_time' }));
			await saveApproved(store.db, { kind: 'store' }, approved.entry, approved.created);
			const stored = (await listKnowledge(store.db, 'uk')).find((e) => e.intent === 'delivery_time');
			expect(stored?.questions.at(-1)).toBe('скільки мені ще чекати посилку');
			expect(stored?.answer).toBe(approved.entry.answer);
		} finally {
			await drop();
		}
	});
});
