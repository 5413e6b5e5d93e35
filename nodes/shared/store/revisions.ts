import type { InboundMessage } from '../envelope';
import { toMessage } from './rows';
import type { Db, Reaction, StoredMessage } from './types';

/** How much of the answered message a reply keeps: enough for the operator to recognise it. */
export const EXCERPT_LENGTH = 140;

export const excerptOf = (text: string) => {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH - 1)}…` : flat;
};

/** The channel's id of an inbound message, as a later edit, reaction or reply names it. */
export const channelMessageIdOf = (message: InboundMessage) => message.messageId ?? message.externalId;

/**
 * The latest stored message of the message's channel thread (any of its conversations, open or
 * over) that the channel calls `channelMessageId`. A customer edits or deletes only what they
 * wrote; they react to our messages too.
 */
export async function messageInThread(tx: Db, message: InboundMessage, channelMessageId: string, ownOnly: boolean): Promise<StoredMessage | null> {
	const rows = await tx.query(
		`SELECT m.* FROM messages m JOIN conversations c ON c.id = m.conversation_id
		 WHERE c.channel = ? AND c.account = ? AND c.conversation_key = ? AND m.channel_message_id = ?
		 ${ownOnly ? "AND m.direction = 'in'" : ''} ORDER BY m.id DESC LIMIT 1`,
		[message.channel, message.account, message.conversationKey, channelMessageId],
	);
	return rows.length ? toMessage(rows[0]) : null;
}

/**
 * Applies an edit, deletion or reaction to the earlier message it names and returns that message as
 * it is now; null when the store does not hold it (the revision is then logged as a line of its
 * own). A redelivered revision changes nothing more: the first text stays the original, a reaction
 * replaces the same person's reaction.
 */
export async function applyRevision(tx: Db, message: InboundMessage, at: string): Promise<StoredMessage | null> {
	const revises = message.revises;
	if (!revises) return null;
	const earlier = await messageInThread(tx, message, revises.of, revises.kind !== 'reaction');
	if (!earlier) return null;
	const when = message.receivedAt;
	let rows;
	if (revises.kind === 'edit') {
		rows = await tx.query(
			`UPDATE messages SET original_text = COALESCE(original_text, text), text = ?, edited_at = ?, revised_at = ?, updated_at = ?
			 WHERE id = ? RETURNING *`,
			[message.text, when, at, at, earlier.id],
		);
	} else if (revises.kind === 'delete') {
		rows = await tx.query('UPDATE messages SET deleted_at = COALESCE(deleted_at, ?), revised_at = ?, updated_at = ? WHERE id = ? RETURNING *', [
			when,
			at,
			at,
			earlier.id,
		]);
	} else {
		// Stamped first so that the row is locked before its reactions are read: two people reacting at once both count.
		const [locked] = await tx.query('UPDATE messages SET revised_at = ?, updated_at = ? WHERE id = ? RETURNING *', [at, at, earlier.id]);
		// No emoji: the person took their reaction back.
		const emoji = message.attachments.find((a) => a.type === 'reaction')?.name;
		const reactions: Reaction[] = [
			...toMessage(locked).reactions.filter((r) => r.by !== message.sender.id),
			...(emoji ? [{ by: message.sender.id, emoji, at: when }] : []),
		];
		rows = await tx.query('UPDATE messages SET reactions = ? WHERE id = ? RETURNING *', [JSON.stringify(reactions), earlier.id]);
	}
	return toMessage(rows[0]);
}

/** What an inbound message answers: the stored message it names and an excerpt, else the channel's own quote. */
export async function replyOf(tx: Db, message: InboundMessage): Promise<{ replyTo: number | null; excerpt: string | null }> {
	if (!message.inReplyTo) return { replyTo: null, excerpt: null };
	const answered = await messageInThread(tx, message, message.inReplyTo, false);
	// What the customer deleted is not repeated in the excerpt of a reply to it.
	const text = answered ? (answered.deletedAt ? null : answered.text) : (message.quote ?? null);
	return { replyTo: answered?.id ?? null, excerpt: text?.trim() ? excerptOf(text) : null };
}
