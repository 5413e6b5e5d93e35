import { readFileSync } from 'node:fs';

import { parseCsvRecords } from '../classifier/csv';
import { readWhileUnchanged } from '../files/readWhileUnchanged';
import { plainText } from './knowledgeBase';
import { toLocalised, type Localised } from './localised';

/**
 * The self-service menu: a tree ops staff edit as JSON or as rows. Choosing an option tags the
 * conversation and either shows its answer, opens its sub-menu (its answer then introduces it),
 * or hands the customer to a person.
 */
export interface MenuNode {
	label: Localised;
	answer?: Localised;
	tags: string[];
	handoff: boolean;
	options: MenuNode[];
}

/** Where a conversation stands: option numbers from the top, 1-based; [] is the top level. */
export type MenuPath = number[];

export const pathToString = (path: MenuPath): string => path.join('.');
export function pathFromString(text: string): MenuPath | null {
	if (text === '') return [];
	return /^\d+(\.\d+)*$/.test(text) ? text.split('.').map(Number) : null;
}

/** The node at `path`, or null when the menu changed under a stored position. */
export function nodeAt(root: MenuNode, path: MenuPath): MenuNode | null {
	let node: MenuNode | undefined = root;
	for (const n of path) node = node?.options[n - 1];
	return node ?? null;
}

const tagsOf = (value: unknown): string[] =>
	(Array.isArray(value) ? value.map(plainText) : plainText(value).split(/[,|]/))
		.map((t) => t.trim().toLowerCase())
		.filter(Boolean);

/** A table's checkbox gives a boolean, a sheet's cell a word. */
const truthy = (value: unknown) => (typeof value === 'boolean' ? value : /^(1|true|yes|y)$/i.test(plainText(value)));

/** Localised texts are kept as plain text, as the knowledge base is. */
function plainLocalised(value: unknown, what: string): Localised {
	const text = toLocalised(value, what);
	return typeof text === 'string'
		? plainText(text)
		: Object.fromEntries(Object.entries(text).map(([language, t]) => [language, plainText(t)]));
}

/** A tree written as JSON: `{ "text"?, "options": [{ "label", "answer"?, "tags"?, "handoff"?, "options"? }] }`. */
function fromTree(value: Record<string, unknown>, where: string): MenuNode {
	const options = value.options ?? [];
	if (!Array.isArray(options)) throw new Error(`${where}: "options" must be a list`);
	const intro = value.answer ?? value.text;
	return {
		label: value.label === undefined ? '' : plainLocalised(value.label, `${where} label`),
		...(intro === undefined ? {} : { answer: plainLocalised(intro, `${where} answer`) }),
		tags: tagsOf(value.tags ?? []),
		handoff: truthy(value.handoff),
		options: options.map((o, i) => {
			if (!o || typeof o !== 'object') throw new Error(`${where}, option ${i + 1}: not an object`);
			return fromTree(o as Record<string, unknown>, `${where} › ${i + 1}`);
		}),
	};
}

/**
 * A tree written as rows, one per option and language, as a spreadsheet holds it:
 * `path` ("2", "2.1"), `language`, `label`, `answer`, `tags`, `handoff`. Rows of one path in
 * several languages make one option with localised texts.
 */
function fromRows(rows: readonly Record<string, unknown>[]): MenuNode {
	const root: MenuNode = { label: '', tags: [], handoff: false, options: [] };
	const byPath = new Map<string, MenuNode>([['', root]]);
	const sorted = rows
		.map((row, i) => ({ row, i, path: pathFromString(plainText(row.path)) }))
		.sort((a, b) => (a.path?.length ?? 0) - (b.path?.length ?? 0));
	for (const { row, i, path } of sorted) {
		if (!path || path.length === 0) throw new Error(`Menu row ${i + 1}: path must look like 2 or 2.1`);
		const key = pathToString(path);
		const language = plainText(row.language) || 'en';
		let node = byPath.get(key);
		if (!node) {
			const parent = byPath.get(pathToString(path.slice(0, -1)));
			if (!parent) throw new Error(`Menu row ${i + 1}: option ${key} has no parent row`);
			node = { label: {}, tags: [], handoff: false, options: [] };
			parent.options[path[path.length - 1] - 1] = node;
			byPath.set(key, node);
		}
		(node.label as Record<string, string>)[language] = plainText(row.label);
		if (plainText(row.answer)) node.answer = { ...(node.answer as Record<string, string>), [language]: plainText(row.answer) };
		node.tags = [...new Set([...node.tags, ...tagsOf(row.tags)])];
		node.handoff ||= truthy(row.handoff);
	}
	for (const node of byPath.values()) {
		if ([...node.options].some((o) => !o)) throw new Error('Menu rows skip an option number: number options 1, 2, 3… at every level');
	}
	return root;
}

/** The tree as rows, one per option and language (what `fromRows` reads back): a menu for a table. */
export function menuRows(root: MenuNode): Array<Record<string, string | boolean>> {
	const rows: Array<Record<string, string | boolean>> = [];
	const walk = (node: MenuNode, path: MenuPath) =>
		node.options.forEach((option, i) => {
			const at = [...path, i + 1];
			const labels = typeof option.label === 'string' ? { '': option.label } : option.label;
			for (const [language, label] of Object.entries(labels)) {
				const answer = typeof option.answer === 'object' ? (option.answer[language] ?? '') : (option.answer ?? '');
				rows.push({ path: pathToString(at), language, label, answer, tags: option.tags.join(', '), handoff: option.handoff });
			}
			walk(option, at);
		});
	walk(root, []);
	return rows;
}

/** A menu from a JSON tree, or from rows (a JSON array, CSV records, a previous node's items). */
export function parseMenu(value: unknown): MenuNode {
	const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
	if (Array.isArray(parsed)) return fromRows(parsed as Record<string, unknown>[]);
	if (parsed && typeof parsed === 'object') return fromTree(parsed as Record<string, unknown>, 'Menu');
	throw new Error('A menu is a JSON object with "options", or a list of rows with "path"');
}

export function readMenuFile(path: string): MenuNode {
	return readWhileUnchanged(path, 'menu', () => {
		const text = readFileSync(path, 'utf8');
		return parseMenu(/\.csv$/i.test(path) ? parseCsvRecords(text) : text);
	});
}
