import { iso } from '../store/rows';
import type { Db } from '../store/types';

/** An operator's internal remark on a conversation (a transfer's reason, …): never sent to the customer. */
export interface Note {
	id: number;
	conversationId: number;
	operatorId: number | null;
	kind: 'note' | 'transfer' | 'close';
	text: string;
	at: string;
}

export async function addNote(db: Db, conversationId: number, operatorId: number, kind: Note['kind'], text: string): Promise<void> {
	await db.query('INSERT INTO conversation_notes (conversation_id, operator_id, kind, text, created_at) VALUES (?, ?, ?, ?, ?)', [
		conversationId,
		operatorId,
		kind,
		text,
		new Date().toISOString(),
	]);
}

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
