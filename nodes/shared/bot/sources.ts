import { statSync } from 'node:fs';

import type { Db } from '../store';
import { kbEntriesFrom, readKbFile } from './knowledgeBase';
import { KnowledgeIndex } from './matcher';
import { knowledgeVersion, listKnowledge } from './storage';

/**
 * Where the knowledge base comes from: the store, a CSV/JSON file, or rows a previous node
 * produced. `table` is the store as the admin workflow fills it from the Knowledge Base data
 * table, and the file while the store holds no entry (that table is empty or not applied).
 */
export type KbSource =
	| { kind: 'store' }
	| { kind: 'file'; path: string }
	| { kind: 'table'; path: string }
	| { kind: 'rows'; rows: Record<string, unknown>[] };

/**
 * Built indexes, reused while their source is unchanged: n8n runs the bot once per message, and
 * rebuilding the vectors each time would cost more than answering.
 */
const byDb = new WeakMap<Db, { version: string; index: KnowledgeIndex }>();
const byContent = new Map<string, KnowledgeIndex>();
const CONTENT_CACHE_SIZE = 16;

function remember(key: string, build: () => KnowledgeIndex): KnowledgeIndex {
	let index = byContent.get(key);
	if (!index) {
		index = build();
		if (byContent.size >= CONTENT_CACHE_SIZE) byContent.delete(byContent.keys().next().value!);
		byContent.set(key, index);
	}
	return index;
}

export async function loadKnowledge(db: Db, source: KbSource, defaultLanguage = 'en'): Promise<KnowledgeIndex> {
	if (source.kind === 'store' || source.kind === 'table') {
		const version = await knowledgeVersion(db);
		if (source.kind === 'table' && version.entries === 0) return loadKnowledge(db, { kind: 'file', path: source.path }, defaultLanguage);
		const held = byDb.get(db);
		if (held?.version === version.stamp) return held.index;
		const index = new KnowledgeIndex(await listKnowledge(db));
		byDb.set(db, { version: version.stamp, index });
		return index;
	}
	if (source.kind === 'file') {
		const { mtimeMs, size } = statSync(source.path);
		return remember(`file:${source.path}:${mtimeMs}:${size}:${defaultLanguage}`, () =>
			new KnowledgeIndex(readKbFile(source.path, defaultLanguage)),
		);
	}
	return remember(`rows:${defaultLanguage}:${JSON.stringify(source.rows)}`, () =>
		new KnowledgeIndex(kbEntriesFrom(source.rows, defaultLanguage)),
	);
}
