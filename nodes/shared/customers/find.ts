import type { Channel } from '../envelope';
import { customersTable } from '../store/customers';
import { identitiesTable } from '../store/identities';
import type { Db } from '../store/types';
import { normaliseEmail, normalisePhone, phoneVariants } from './contacts';

/** The ways a card can be found. */
export type CustomerQuery =
	| { by: 'id'; customerId: number }
	| { by: 'identity'; channel: Channel; account: string; userId: string }
	| { by: 'phone'; phone: string }
	| { by: 'email'; email: string }
	| { by: 'crmId'; crmId: string };

/**
 * The live customer a query names, or null. A verified identity contact wins over a contact an
 * operator set on a card; among several cards with the same such contact the oldest is taken.
 */
export async function findCustomerId(db: Db, query: CustomerQuery): Promise<number | null> {
	const cards = customersTable(db);
	const identities = identitiesTable(db);
	switch (query.by) {
		case 'id':
			return cards.firstLiveBy('id', [query.customerId]);
		case 'identity':
			return (await identities.byKey(query.channel, query.account, query.userId))?.customerId ?? null;
		case 'phone': {
			const digits = normalisePhone(query.phone);
			const verified = digits ? await identities.firstVerifiedOwner('phone', [digits], 'customer') : null;
			if (verified !== null) return verified;
			return cards.firstLiveBy('phone', phoneVariants(query.phone), { setByOperator: true });
		}
		case 'email': {
			const email = normaliseEmail(query.email) ?? query.email.trim();
			const verified = await identities.firstVerifiedOwner('email', [email], 'customer');
			if (verified !== null) return verified;
			return cards.firstLiveBy('email', [email], { setByOperator: true });
		}
		case 'crmId':
			return cards.firstLiveBy('crmId', [query.crmId]);
	}
}
