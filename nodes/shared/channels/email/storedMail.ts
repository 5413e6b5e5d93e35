import type { InboundMessage } from '../../envelope';
import { acceptMessage } from '../../ingest/accept';
import type { Store } from '../../store';
import type { Db } from '../../store/types';
import { isMessageId, replyReferences } from './thread';

/*
 * Mail as the store knows it: the conversation is keyed by the thread's root, and each stored
 * mail, ours and the customer's, by its Message-ID (`channel_message_id`).
 */

/**
 * How our reply in a conversation threads (RFC 5322 §3.6.4): In-Reply-To the customer's latest
 * mail there, References the thread's root and that mail, so every mail program files it under
 * what it answers.
 */
export async function replyThread(db: Db, conversationId: number, root: string): Promise<{ inReplyTo?: string; references: string[] }> {
	const [latest] = await db.query(
		"SELECT channel_message_id FROM messages WHERE conversation_id = ? AND direction = 'in' AND channel_message_id LIKE '<%>' ORDER BY id DESC LIMIT 1",
		[conversationId],
	);
	const parent = isMessageId(latest?.channel_message_id as string | undefined) ? String(latest.channel_message_id) : isMessageId(root) ? root : undefined;
	return { inReplyTo: parent, references: replyReferences(isMessageId(root) ? [root] : [], parent) };
}

/**
 * The conversation key of a mail that answers a stored one without naming its thread's root (only
 * In-Reply-To, as some mail programs and most out-of-office responders write): the key of the
 * latest stored mail it names. Unchanged when it names none the store holds.
 */
export async function knownThread(db: Db, message: InboundMessage): Promise<InboundMessage> {
	const raw = message.raw as { inReplyTo?: string; references?: string[] } | undefined;
	const named = [...new Set([...(raw?.references ?? []), ...(raw?.inReplyTo ? [raw.inReplyTo] : [])])].filter(isMessageId);
	if (!named.length) return message;
	const [found] = await db.query(
		`SELECT c.conversation_key FROM messages m JOIN conversations c ON c.id = m.conversation_id
		 WHERE m.channel = 'email' AND m.account = ? AND m.channel_message_id IN (${named.map(() => '?').join(', ')})
		 ORDER BY m.id DESC LIMIT 1`,
		[message.account, ...named],
	);
	return found ? { ...message, conversationKey: String(found.conversation_key) } : message;
}

/**
 * The same mail delivered again under another UID (moved back from an archive folder, delivered to
 * two aliases of the mailbox, an MTA's retry): the store holds a customer mail of this mailbox with
 * its Message-ID and its text. The Message-ID alone does not decide: careless senders repeat it.
 */
export async function storedBefore(db: Db, message: InboundMessage): Promise<boolean> {
	if (!isMessageId(message.messageId)) return false;
	const rows = await db.query(
		"SELECT 1 AS found FROM messages WHERE channel = 'email' AND account = ? AND channel_message_id = ? AND direction = 'in' AND text = ? LIMIT 1",
		[message.account, message.messageId, message.text],
	);
	return rows.length > 0;
}

/**
 * How the e-mail trigger takes the mails of one poll: each mail once (the same one under two UIDs
 * of this poll, or stored before), filed with the mail it answers.
 */
export function acceptPolledMail(store: Store): (message: InboundMessage) => Promise<boolean> {
	const polled = new Set<string>();
	return async (message) => {
		const seen = `${message.messageId}\n${message.text}`;
		if (message.messageId && (polled.has(seen) || (await storedBefore(store.db, message)))) return false;
		polled.add(seen);
		return acceptMessage(store, await knownThread(store.db, message));
	};
}
