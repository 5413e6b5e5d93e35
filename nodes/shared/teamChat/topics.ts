import type { Db } from '../store/types';

/** A conversation's topic in the team group; `threadId` is null while its creator is still opening it. */
export interface TeamTopic {
	conversationId: number;
	chatId: string;
	threadId: number | null;
	/** The newest message of the conversation already relayed (or shown on the card). */
	lastRelayedId: number;
	closed: boolean;
}

const toTopic = (r: Record<string, unknown>): TeamTopic => ({
	conversationId: Number(r.conversation_id),
	chatId: String(r.chat_id),
	threadId: r.thread_id === null ? null : Number(r.thread_id),
	lastRelayedId: Number(r.last_relayed_id),
	closed: Number(r.closed) === 1,
});

/** A claim on opening a topic is taken over after this long: its holder died before finishing. */
const STALE_CLAIM_MS = 60_000;

export async function topicOf(db: Db, conversationId: number): Promise<TeamTopic | null> {
	const rows = await db.query('SELECT * FROM team_topics WHERE conversation_id = ?', [conversationId]);
	return rows.length ? toTopic(rows[0]) : null;
}

export async function topicByThread(db: Db, chatId: string, threadId: number): Promise<TeamTopic | null> {
	const rows = await db.query('SELECT * FROM team_topics WHERE chat_id = ? AND thread_id = ?', [chatId, threadId]);
	return rows.length ? toTopic(rows[0]) : null;
}

/** True when this caller now holds the right to open the conversation's topic. */
export async function claimTopic(db: Db, conversationId: number, chatId: string, nowMs = Date.now()): Promise<boolean> {
	const rows = await db.query(
		`INSERT INTO team_topics (conversation_id, chat_id, claimed_ms) VALUES (?, ?, ?)
		 ON CONFLICT (conversation_id) DO UPDATE SET chat_id = excluded.chat_id, claimed_ms = excluded.claimed_ms
		 WHERE team_topics.thread_id IS NULL AND team_topics.claimed_ms < ? RETURNING conversation_id`,
		[conversationId, chatId, nowMs, nowMs - STALE_CLAIM_MS],
	);
	return rows.length > 0;
}

export async function setThread(db: Db, conversationId: number, threadId: number, lastRelayedId: number): Promise<void> {
	await db.query('UPDATE team_topics SET thread_id = ?, last_relayed_id = ? WHERE conversation_id = ?', [threadId, lastRelayedId, conversationId]);
}

/** Gives up a claim whose topic could not be opened, so that the next run tries again at once. */
export async function dropClaim(db: Db, conversationId: number): Promise<void> {
	await db.query('DELETE FROM team_topics WHERE conversation_id = ? AND thread_id IS NULL', [conversationId]);
}

/**
 * Moves the relay mark from `from` to `to` only if nobody moved it meanwhile: the messages in
 * between are then this caller's to relay, and no concurrent run relays them twice.
 */
export async function moveRelayMark(db: Db, conversationId: number, from: number, to: number): Promise<boolean> {
	const rows = await db.query(
		'UPDATE team_topics SET last_relayed_id = ? WHERE conversation_id = ? AND last_relayed_id = ? RETURNING conversation_id',
		[to, conversationId, from],
	);
	return rows.length > 0;
}

export async function markTopicClosed(db: Db, conversationId: number): Promise<void> {
	await db.query('UPDATE team_topics SET closed = 1 WHERE conversation_id = ?', [conversationId]);
}
