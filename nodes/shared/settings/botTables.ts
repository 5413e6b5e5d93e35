import { importKnowledge, kbEntryFrom, listKnowledge, parseMenu, type KbEntry, type MenuNode } from '../bot';
import { canonicalExamples, listExamples, replaceExamples } from '../topics';
import type { Store } from '../store/types';
import { started, type Applied } from './checks';
import { keepRows, keptRows } from './kept';
import { KNOWLEDGE_BASE, MENU, TOPICS, type TableRow } from './tables';

/*
 * The bot's tables. Each becomes what the bot and the classifier read when set to "Data Table,
 * Else File": a table with rows wins; an emptied table hands back to the file. A table whose
 * every row has a mistake changes nothing, so one bad edit never leaves the bot without answers.
 */

const sameEntries = (a: KbEntry[], b: KbEntry[]) => {
	const canonical = (entries: KbEntry[]) => JSON.stringify([...entries].sort((x, y) => (x.key < y.key ? -1 : 1)));
	return canonical(a) === canonical(b);
};

/** The store's knowledge base made the table's: entries by intent and language, one taken out is removed. */
export async function applyKnowledgeBase(store: Store, rows: TableRow[]): Promise<Applied> {
	const applied = started(KNOWLEDGE_BASE.name);
	const entries = new Map<string, KbEntry>();
	rows.forEach((row, i) => {
		try {
			const entry = kbEntryFrom(row);
			if (entries.has(entry.key)) throw new Error(`${entry.intent} in ${entry.language} is already row ${[...entries.keys()].indexOf(entry.key) + 1}`);
			entries.set(entry.key, entry);
		} catch (error) {
			applied.problems.push({ table: applied.table, row: i + 1, reason: (error as Error).message });
		}
	});
	if (rows.length && !entries.size) return applied;
	const held = await listKnowledge(store.db);
	const wanted = [...entries.values()];
	applied.updated = wanted.map((e) => `${e.intent} (${e.language})`);
	if (sameEntries(held, wanted)) return applied;
	const before = new Set(held.map((e) => e.key));
	applied.created = wanted.filter((e) => !before.has(e.key)).map((e) => `${e.intent} (${e.language})`);
	applied.removed = (await importKnowledge(store.db, wanted, true)).removed;
	return applied;
}

const MENU_TABLE = 'menu';

/** The menu as rows; one with a mistake (a path without its parent, a skipped number) keeps the menu in effect as it was. */
export async function applyMenu(store: Store, rows: TableRow[]): Promise<Applied> {
	const applied = started(MENU.name);
	try {
		const menu = parseMenu(rows);
		applied.updated = menu.options.map((o, i) => `${i + 1}`);
		await keepRows(store.db, MENU_TABLE, rows);
	} catch (error) {
		applied.problems.push({ table: applied.table, row: null, reason: `${(error as Error).message}; the menu stays as it was` });
	}
	return applied;
}

/** The menu the admin workflow last applied, or null while the Bot Menu table is empty. */
export const appliedMenu = (db: Store['db']): Promise<MenuNode | null> => keptRows(db, MENU_TABLE, (rows) => parseMenu(rows));

/** The table's examples become the model's `table` examples; the model retrains once on its next use. */
export async function applyTopics(store: Store, rows: TableRow[], model: string): Promise<Applied> {
	const applied = started(TOPICS.name);
	const examples = rows.flatMap((row, i) => {
		const example = { text: String(row.text ?? '').trim(), label: String(row.label ?? '').trim() };
		if (example.text && example.label) return [example];
		applied.problems.push({ table: applied.table, row: i + 1, reason: example.text ? 'label: needs a topic' : 'text: needs an example message' });
		return [];
	});
	if (rows.length && !examples.length) return applied;
	applied.updated = [...new Set(examples.map((e) => e.label))].sort();
	const held = canonicalExamples(await listExamples(store, model, ['table']));
	if (JSON.stringify(held) === JSON.stringify(canonicalExamples(examples))) return applied;
	await replaceExamples(store, model, 'table', examples);
	return applied;
}
