import { iso } from '../store/rows';
import type { Db, Store } from '../store/types';

/** An operator's internal remark on a conversation (a transfer's reason, …): never sent to the customer. */
export interface Note {
	id: number;
	conversationId: number;
	operatorId: number | null;
	kind: 'note' | 'transfer' | 'close' | 'failure';
	text: string;
	at: string;
}

export async function addNote(db: Db, conversationId: number, operatorId: number | null, kind: Note['kind'], text: string): Promise<void> {
	await db.query('INSERT INTO conversation_notes (conversation_id, operator_id, kind, text, created_at) VALUES (?, ?, ?, ?, ?)', [
		conversationId,
		operatorId,
		kind,
		text,
		new Date().toISOString(),
	]);
}

/**
 * A message the pipeline could not process was handed to a person instead: the operator who opens
 * the conversation sees where it failed and why, and the tag lets a supervisor find every such case.
 */
export async function recordPipelineFailure(
	store: Pick<Store, 'db' | 'conversations'>,
	conversationId: number,
	failure: { node: string; reason: string },
): Promise<void> {
	await addNote(store.db, conversationId, null, 'failure', `Handed to a person automatically: "${failure.node}" failed on this message (${failure.reason})`);
	await store.conversations.addTags(conversationId, [PIPELINE_FAILURE_TAG]);
}

export const PIPELINE_FAILURE_TAG = 'pipeline-failure';

/** Notes on any of `conversationIds` with id > afterId, oldest first. */
export async function notesOf(db: Db, conversationIds: number[], afterId = 0): Promise<Note[]> {
	if (!conversationIds.length) return [];
	const rows = await db.query(
		`SELECT * FROM conversation_notes WHERE conversation_id IN (${conversationIds.map(() => '?').join(', ')}) AND id > ? ORDER BY id`,
		[...conversationIds, afterId],
	);
	return rows.map((r) => ({
		id: Number(r.id),
		conversationId: Number(r.conversation_id),
		operatorId: r.operator_id === null ? null : Number(r.operator_id),
		kind: r.kind as Note['kind'],
		text: String(r.text),
		at: iso(r.created_at),
	}));
}
