import type { Channel } from '../envelope';
import type { Db } from '../store';
import { recipientsIn, settle } from './campaigns';

/**
 * Channels that drop a repeated send carrying the same key: VK's random_id, which the VK sender
 * derives from the message's idempotencyKey (here campaign + recipient + channel).
 */
export const DEDUPLICATING_CHANNELS: ReadonlySet<Channel> = new Set(['vk']);

export interface Recovery {
	/** Claimed but never handed to the channel, or known sent/failed: settled from the store. */
	settled: number;
	/** Interrupted mid-send on a deduplicating channel: sent again with the same key. */
	resent: number;
	/** Interrupted mid-send on a channel that cannot deduplicate: flagged `unknown`, not resent. */
	flagged: number;
}

/**
 * The exactly-once-or-flagged rule for recipients a crashed run left behind. A `claimed` one was
 * still waiting for the channel's turn: nothing left, so it goes back to pending. A `sending` one
 * was handed to the channel; its stored message is written pending before the call and marked sent
 * right after, so:
 * - no message yet, or its send failed → the channel never took it: back to pending;
 * - message sent → it went out: the recipient is sent;
 * - message still pending → the channel may or may not have it. On VK the resend carries the same
 *   random_id and VK drops a duplicate, so it goes back to pending; on every other channel it is
 *   flagged `unknown` for a person to check, since sending again could send twice.
 * A campaign must have one runner at a time: a live runner's in-flight rows look just like these.
 */
export async function recoverInterrupted(db: Db, campaignId: number): Promise<Recovery> {
	const recovery: Recovery = { settled: 0, resent: 0, flagged: 0 };
	for (const row of await recipientsIn(db, campaignId, 'claimed')) {
		if (row.messageId !== null) await db.query("UPDATE messages SET status = 'failed', error = ? WHERE id = ?", ['interrupted before it was handed to the channel; sent again', row.messageId]);
		await settle(db, row.id, 'pending', { reason: row.reason });
		recovery.settled++;
	}
	for (const row of await recipientsIn(db, campaignId, 'sending')) {
		const message = row.messageId === null ? [] : await db.query<{ status: string; external_id: unknown }>('SELECT status, external_id FROM messages WHERE id = ?', [row.messageId]);
		const status = message[0]?.status ?? 'none';
		if (status === 'none' || status === 'failed') {
			await settle(db, row.id, 'pending', { reason: row.reason });
			recovery.settled++;
		} else if (status !== 'pending') {
			const externalIds = message[0].external_id === null ? [] : [String(message[0].external_id)];
			await settle(db, row.id, 'sent', { reason: row.reason, externalIds });
			recovery.settled++;
		} else if (row.channel && DEDUPLICATING_CHANNELS.has(row.channel)) {
			await db.query("UPDATE messages SET status = 'failed', error = ? WHERE id = ?", [`interrupted; sent again with the same ${row.channel} deduplication key`, row.messageId]);
			await settle(db, row.id, 'pending', { reason: row.reason });
			recovery.resent++;
		} else {
			await settle(db, row.id, 'unknown', {
				reason: `interrupted while sending on ${row.channel}; not sent again, since ${row.channel} cannot drop a duplicate: check the conversation (message ${row.messageId})`,
			});
			recovery.flagged++;
		}
	}
	return recovery;
}
