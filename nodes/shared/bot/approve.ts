import { readFileSync, writeFileSync } from 'node:fs';

import { formatCsv, parseCsv } from '../classifier/csv';
import type { Db } from '../store';
import type { PhrasingProposal } from './clusters';
import { kbEntriesFrom, plainText, type KbEntry } from './knowledgeBase';
import { foldedWords } from './phrases';
import { importKnowledge } from './storage';
import type { KbSource } from './sources';

/**
 * Approved phrasings into the knowledge base the bot reads: new phrasings of an existing entry
 * (the one customers picked, or the proposal's intent in its language), or a new entry with the
 * answer ops staff approved. The bot's index and classifier follow the source on the next message.
 */

export interface Approved {
	/** The entry as it is now, with the phrasings added. */
	entry: KbEntry;
	added: string[];
	created: boolean;
}

const same = (a: string, b: string) => foldedWords(a).join(' ') === foldedWords(b).join(' ');

export function withApproved(entries: readonly KbEntry[], proposal: PhrasingProposal): Approved {
	const questions = proposal.questions.map(plainText).filter(Boolean);
	if (!questions.length) throw new Error('An approved proposal needs at least one question');
	const language = plainText(proposal.language).toLowerCase() || 'en';
	const target = proposal.entryKey
		? entries.find((e) => e.key === proposal.entryKey)
		: proposal.intent
			? entries.find((e) => e.intent === proposal.intent && e.language === language)
			: undefined;
	if (proposal.entryKey && !target) throw new Error(`The knowledge base has no entry "${proposal.entryKey}" to add phrasings to`);
	if (target) {
		const added = questions.filter((q, i) => !target.questions.some((known) => same(known, q)) && questions.findIndex((o) => same(o, q)) === i);
		return { entry: { ...target, questions: [...target.questions, ...added] }, added, created: false };
	}
	if (!proposal.answer?.trim()) throw new Error(`"${questions[0]}" is a new question: approve it with the answer the bot should give`);
	const [entry] = kbEntriesFrom([{ question: questions.join('|'), answer: proposal.answer, language, intent: proposal.intent ?? '' }]);
	if (entries.some((e) => e.key === entry.key)) throw new Error(`The knowledge base already has an entry "${entry.key}": name its intent to add phrasings to it`);
	return { entry, added: entry.questions, created: true };
}

/** The entry as a row of the sheet ops staff keep (the columns of knowledge-base.csv). */
export const entryRow = (entry: KbEntry) => ({
	key: entry.key,
	intent: entry.intent,
	language: entry.language,
	question: entry.questions.join('|'),
	answer: entry.answer,
	tags: entry.tags.join(','),
});

/**
 * Writes the entry back where it came from: the store, or the CSV/JSON file (its other rows and
 * columns kept). Rows provided by another node cannot be written here: the caller passes the row on
 * for that node's sheet or table to save.
 */
export async function saveApproved(db: Db, source: KbSource, entry: KbEntry, created: boolean): Promise<void> {
	if (source.kind === 'store') {
		await importKnowledge(db, [entry], false);
		return;
	}
	if (source.kind !== 'file') return;
	const json = /\.json$/i.test(source.path);
	const text = readFileSync(source.path, 'utf8');
	const row = entryRow(entry);
	const isEntry = (r: Record<string, unknown>) =>
		plainText(r.key ?? r.id) === entry.key ||
		(!plainText(r.key ?? r.id) && plainText(r.intent) === entry.intent && plainText(r.language ?? r.lang).toLowerCase() === entry.language);
	if (json) {
		const rows = JSON.parse(text) as Record<string, unknown>[];
		const at = created ? -1 : rows.findIndex(isEntry);
		if (at < 0) rows.push({ intent: row.intent, language: row.language, questions: entry.questions, answer: row.answer, tags: entry.tags });
		else rows[at] = { ...rows[at], ...('questions' in rows[at] ? { questions: entry.questions } : { question: row.question }) };
		writeFileSync(source.path, `${JSON.stringify(rows, null, 2)}\n`);
		return;
	}
	const [header, ...cells] = parseCsv(text);
	const questionColumn = header.includes('questions') ? 'questions' : 'question';
	const records = cells.map((c) => Object.fromEntries(header.map((name, i) => [name, c[i] ?? ''])));
	const at = created ? -1 : records.findIndex(isEntry);
	const values: Record<string, string> = { ...row, [questionColumn]: row.question };
	if (at < 0) cells.push(header.map((name) => values[name] ?? ''));
	else cells[at] = header.map((name, i) => (name === questionColumn ? row.question : (cells[at][i] ?? '')));
	writeFileSync(source.path, formatCsv([header, ...cells]));
}
