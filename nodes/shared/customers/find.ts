import type { Channel } from '../envelope';
import type { Db } from '../store/types';
import { normaliseEmail, normalisePhone, phoneVariants } from './contacts';

/** The ways a card can be found. */
export type CustomerQuery =
	| { by: 'id'; customerId: number }
	| { by: 'identity'; channel: Channel; account: string; userId: string }
	| { by: 'phone'; phone: string }
	| { by: 'email'; email: string }
	| { by: 'crmId'; crmId: string };

const firstId = (rows: Array<Record<string, unknown>>) => (rows.length ? Number(rows[0].id) : null);

/**
 * A card's own phone or e-mail names the customer only once an operator set it: anything else
 * there was typed (a pre-chat form, a message) and may be someone else's, so it must never pick
 * who gets a notification or whose CRM record is copied.
 */
export const operatorSet = (key: 'phone' | 'email') => `corrected LIKE '%"${key}"%'`;

/**
 * The live customer a query names, or null. A verified identity contact wins over a contact an
 * operator set on a card; among several cards with the same such contact the oldest is taken.
 */
export async function findCustomerId(db: Db, query: CustomerQuery): Promise<number | null> {
	const live = 'merged_into IS NULL';
	switch (query.by) {
		case 'id':
			return firstId(await db.query(`SELECT id FROM customers WHERE id = ? AND ${live}`, [query.customerId]));
		case 'identity':
			return firstId(
				await db.query('SELECT customer_id AS id FROM identities WHERE channel = ? AND account = ? AND external_user_id = ?', [
					query.channel,
					query.account,
					query.userId,
				]),
			);
		case 'phone': {
			const digits = normalisePhone(query.phone);
			const verified = digits
				? firstId(await db.query('SELECT customer_id AS id FROM identities WHERE verified_phone = ? ORDER BY customer_id', [digits]))
				: null;
			if (verified !== null) return verified;
			const variants = phoneVariants(query.phone);
			return firstId(
				await db.query(`SELECT id FROM customers WHERE phone IN (${variants.map(() => '?').join(', ')}) AND ${operatorSet('phone')} AND ${live} ORDER BY id`, variants),
			);
		}
		case 'email': {
			const email = normaliseEmail(query.email) ?? query.email.trim();
			const verified = firstId(
				await db.query('SELECT customer_id AS id FROM identities WHERE verified_email = ? ORDER BY customer_id', [email]),
			);
			if (verified !== null) return verified;
			return firstId(await db.query(`SELECT id FROM customers WHERE LOWER(email) = ? AND ${operatorSet('email')} AND ${live} ORDER BY id`, [email]));
		}
		case 'crmId':
			return firstId(await db.query(`SELECT id FROM customers WHERE crm_id = ? AND ${live} ORDER BY id`, [query.crmId]));
	}
}
