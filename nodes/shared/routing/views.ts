import type { Db } from '../store/types';
import { toEntry } from './repository/rows';
import type { RoutingEntry } from './types';

/**
 * Read-only views of routing for the operator desk (lists and access checks); every change still
 * goes through the router.
 */

/** The conversation's newest routing entry, live or closed: whose group and operator it was. */
export async function latestEntry(db: Db, conversationId: number): Promise<RoutingEntry | null> {
	const rows = await db.query('SELECT * FROM routing_entries WHERE conversation_id = ? ORDER BY id DESC LIMIT 1', [conversationId]);
	return rows.length ? toEntry(rows[0]) : null;
}

/** Entries operators hold (with a slot or waiting for the customer) of one operator, or of everybody with null; oldest assignment first. */
export async function assignedEntries(db: Db, operatorId: number | null): Promise<RoutingEntry[]> {
	const rows = await db.query(
		`SELECT * FROM routing_entries WHERE state IN ('assigned', 'waiting')${operatorId === null ? '' : ' AND operator_id = ?'} ORDER BY assigned_ms, id`,
		operatorId === null ? [] : [operatorId],
	);
	return rows.map(toEntry);
}
