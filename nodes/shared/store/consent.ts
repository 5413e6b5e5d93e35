import type { ChannelEvent } from '../channels/types';
import { identifySender } from './customers';
import { identitiesTable } from './identities';
import { now } from './rows';
import type { Db, MessageStatus, Store } from './types';

/**
 * How each delivery event moves our message: only forward, since channels may report out of
 * order (a late `delivered` must not undo `seen`).
 */
const MESSAGE_STEP: Partial<Record<ChannelEvent['type'], { to: MessageStatus; from: MessageStatus[] }>> = {
	delivered: { to: 'delivered', from: ['pending', 'sent'] },
	seen: { to: 'seen', from: ['pending', 'sent', 'delivered'] },
	failed: { to: 'failed', from: ['pending', 'sent'] },
};

async function applyToIdentity(tx: Db, event: ChannelEvent, at: string) {
	const identities = identitiesTable(tx);
	if (event.type === 'subscribed' || event.type === 'unsubscribed') {
		// A customer may subscribe before writing (Viber, a Telegram /start): the card starts here.
		const { identity } = await identifySender(tx, { channel: event.channel, account: event.account, sender: { id: event.userId } }, at);
		return identities.setReachable(identity.id, event.type === 'subscribed', event.reason ?? null);
	}
	// Opening a chat (Viber) starts a card for a newcomer, whom the bot may greet once, and says
	// nothing else: it neither subscribes an unsubscribed customer nor opts anyone in to promotions.
	if (!(await identities.byKey(event.channel, event.account, event.userId))) {
		await identifySender(tx, { channel: event.channel, account: event.account, sender: { id: event.userId } }, at, null);
	}
}

export function consentRepo(db: Db): Store['consent'] {
	return {
		record: (event) =>
			db.transaction(async (tx) => {
				const at = now();
				const fresh = await tx.query(
					`INSERT INTO channel_events (channel, account, external_id, user_id, type, message_id, reason, at, created_at)
					 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (channel, account, external_id) DO NOTHING RETURNING id`,
					[event.channel, event.account, event.externalId, event.userId, event.type, event.messageId ?? null, event.reason ?? null, event.at, at],
				);
				// A rejected item is kept for whoever looks into it; it says nothing about the customer.
				if (!fresh.length || event.type === 'rejected') return;
				const step = MESSAGE_STEP[event.type];
				if (!step) return applyToIdentity(tx, event, at);
				if (!event.messageId) return;
				await tx.query(
					`UPDATE messages SET status = ?, error = ?, updated_at = ?
					 WHERE channel = ? AND account = ? AND external_id = ? AND direction = 'out'
					 AND status IN (${step.from.map(() => '?').join(', ')})`,
					[step.to, step.to === 'failed' ? (event.reason ?? 'failed') : null, at, event.channel, event.account, event.messageId, ...step.from],
				);
			}),
	};
}
