import { parseInbound } from '../envelope/parse';
import { now } from './rows';
import type { Db, Store } from './types';

/**
 * A delivery whose message was logged and then answered in its conversation has been handled. A
 * reply still pending once the delivery has settled is no answer: n8n stores a reply before it
 * sends it, and died in between (a sent or failed reply was recorded as such). A message in a
 * conversation people have (or that is over) is theirs: its operator sees it in the desk, and the
 * pipeline has nothing to answer for it. Automatic mail (a bounce, an out-of-office) is handled
 * once it is logged: nothing ever answers it.
 */
const ANSWERED = `(EXISTS (
	SELECT 1 FROM messages m JOIN messages r ON r.conversation_id = m.conversation_id AND r.direction = 'out' AND r.id > m.id
	WHERE m.direction = 'in' AND m.channel = d.channel AND m.account = d.account AND m.external_id = d.external_id
	AND (r.status <> 'pending' OR r.created_at >= ?)
) OR EXISTS (
	SELECT 1 FROM messages m JOIN conversations c ON c.id = m.conversation_id
	WHERE m.direction = 'in' AND m.channel = d.channel AND m.account = d.account AND m.external_id = d.external_id
	AND (c.state <> 'bot' OR m.author LIKE 'automatic:%')
))`;

export function deliveriesRepo(db: Db): Store['deliveries'] {
	return {
		async accept(message) {
			const key = [message.channel, message.account, message.externalId];
			const inserted = await db.query(
				`INSERT INTO deliveries (channel, account, external_id, received_at, created_at, envelope) VALUES (?, ?, ?, ?, ?, ?)
				 ON CONFLICT (channel, account, external_id) DO NOTHING RETURNING id`,
				[...key, message.receivedAt, now(), JSON.stringify(message)],
			);
			if (inserted.length) return { accepted: true, deliveryId: Number(inserted[0].id) };
			const [first] = await db.query(
				'SELECT id FROM deliveries WHERE channel = ? AND account = ? AND external_id = ?',
				key,
			);
			return { accepted: false, deliveryId: Number(first.id) };
		},

		async claimUnanswered({ olderThanMs, lookBackMs, maxAttempts, limit }) {
			const at = Date.now();
			const settled = new Date(at - olderThanMs).toISOString();
			const since = new Date(at - lookBackMs).toISOString();
			const rows = await db.query<{ id: number; envelope: string }>(
				`UPDATE deliveries SET recovered_at = ?, recovery_attempts = recovery_attempts + 1
				 WHERE id IN (
					SELECT d.id FROM deliveries d
					WHERE d.envelope IS NOT NULL AND d.created_at >= ? AND d.created_at < ?
					AND d.recovery_attempts < ? AND (d.recovered_at IS NULL OR d.recovered_at < ?) AND NOT ${ANSWERED}
					ORDER BY d.id LIMIT ?
				 )
				 -- checked again on the row itself: of two recoverers racing for it, the second finds it stamped
				 AND recovery_attempts < ? AND (recovered_at IS NULL OR recovered_at < ?)
				 RETURNING id, envelope`,
				[new Date(at).toISOString(), since, settled, maxAttempts, settled, settled, limit, maxAttempts, settled],
			);
			// In the order accepted (a customer's messages logged again in theirs): RETURNING promises no order.
			return rows.sort((a, b) => Number(a.id) - Number(b.id)).map((row) => parseInbound(JSON.parse(row.envelope)));
		},
	};
}
