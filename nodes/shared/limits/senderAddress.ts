import type { InboundMessage } from '../envelope';
import type { Db } from '../store/types';

/**
 * The network address a message came from, where the pack knows it: the web chat records the
 * address each chat session was opened from (channels/webchat/limits.ts). Null for channels whose
 * platform delivers the message (the address would be the platform's).
 */
export async function senderAddress(db: Db, message: Pick<InboundMessage, 'channel' | 'account' | 'conversationKey'>): Promise<string | null> {
	if (message.channel !== 'webchat') return null;
	const [row] = await db.query('SELECT address FROM webchat_sessions WHERE site = ? AND session_id = ?', [message.account, message.conversationKey]);
	return row ? String(row.address) : null;
}
