import type { InboundMessage } from '../envelope';
import { identifySender } from '../store/customers';
import { identitiesTable } from '../store/identities';
import { now } from '../store/rows';
import type { Db } from '../store/types';
import { verifiedContacts } from './contacts';
import { mergeCustomers } from './merge';

export interface Recognised {
	customerId: number;
	identityId: number;
	/** Cards that turned out to be this customer (same verified phone or e-mail) and were merged in. */
	mergedIds: number[];
}

/**
 * The customer behind a message's sender: registered as the conversation log does if this is
 * their first contact, with the contacts the channel vouches for recorded on the identity. When
 * another card's identity holds the same verified phone or e-mail, the cards are one person and
 * are merged, in the same transaction, onto the oldest card, whose history is the longest.
 */
export function recogniseSender(db: Db, message: Pick<InboundMessage, 'channel' | 'account' | 'sender'>): Promise<Recognised> {
	const contacts = verifiedContacts(message);
	return db.transaction(async (tx) => {
		const { identity } = await identifySender(tx, message, now());
		if (contacts.phone === null && contacts.email === null) return { customerId: identity.customerId, identityId: identity.id, mergedIds: [] };

		const identities = identitiesTable(tx);
		await identities.setVerified(identity.id, contacts);
		const owners = await identities.customersVerifiedAs(contacts);
		const same = [...new Set([identity.customerId, ...owners])].sort((a, b) => a - b);
		const [oldest, ...rest] = same;
		for (const id of rest) await mergeCustomers(tx, oldest, id);
		return { customerId: oldest, identityId: identity.id, mergedIds: same.filter((id) => id !== oldest) };
	});
}
