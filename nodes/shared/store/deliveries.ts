import { now } from './rows';
import type { Db, Store } from './types';

export function deliveriesRepo(db: Db): Store['deliveries'] {
	return {
		async accept(message) {
			const key = [message.channel, message.account, message.externalId];
			const inserted = await db.query(
				`INSERT INTO deliveries (channel, account, external_id, received_at, created_at) VALUES (?, ?, ?, ?, ?)
				 ON CONFLICT (channel, account, external_id) DO NOTHING RETURNING id`,
				[...key, message.receivedAt, now()],
			);
			if (inserted.length) return { accepted: true, deliveryId: Number(inserted[0].id) };
			const [first] = await db.query(
				'SELECT id FROM deliveries WHERE channel = ? AND account = ? AND external_id = ?',
				key,
			);
			return { accepted: false, deliveryId: Number(first.id) };
		},
	};
}
