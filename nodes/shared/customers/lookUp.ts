import type { InboundMessage } from '../envelope';
import type { Db } from '../store/types';
import { emptyCard, loadCard, type CardIdentity, type CustomerCard } from './card';
import { normalisePhone, verifiedContacts } from './contacts';
import type { HttpCrmCredential } from './crm/credential';
import { lookUpInCrm, type CrmRequest, type LookupKeys } from './crm/lookup';
import type { CrmMapping } from './crm/mapping';
import { cardFromCrm, writeBackCrm } from './enrich';
import { findCustomerId, type CustomerQuery } from './find';
import { recogniseSender } from './recognise';

/**
 * Whom to look up: the sender of a message (registered and linked if new), or a query.
 * `loggedAs` is the customer Log Conversation registered this very message's sender as.
 */
export type LookupSubject = { by: 'message'; message: Pick<InboundMessage, 'channel' | 'account' | 'sender'>; loggedAs?: number } | CustomerQuery;

export interface CrmSource {
	credential: HttpCrmCredential;
	request: CrmRequest;
	mapping: CrmMapping;
}

export interface LookedUp {
	/** Null only when neither the store nor the CRM knows the person. */
	card: CustomerCard | null;
	/** Cards merged into this one on this lookup because the same verified contact appeared. */
	mergedIds: number[];
}

const vouchesForContacts = (message: Pick<InboundMessage, 'channel' | 'sender'>) => {
	const { phone, email } = verifiedContacts(message);
	return phone !== null || email !== null;
};

/** A contact the CRM may be asked by: one a channel verified or an operator set, never one the
 * customer typed (typing a VIP's phone would otherwise copy their tier and CRM fields). */
export function trustedContact(
	card: Pick<CustomerCard, 'corrected' | 'phone' | 'email'> & { identities: Array<Pick<CardIdentity, 'verifiedPhone' | 'verifiedEmail'>> },
	key: 'phone' | 'email',
): string | null | undefined {
	if (card.corrected.includes(key) && card[key]) return card[key];
	return card.identities.find((i) => (key === 'phone' ? i.verifiedPhone : i.verifiedEmail))?.[key === 'phone' ? 'verifiedPhone' : 'verifiedEmail'];
}

/** What a CRM request template can name, from the card and from the query itself. */
function lookupKeys(card: CustomerCard, subject: LookupSubject): LookupKeys {
	const phone = subject.by === 'phone' ? subject.phone : trustedContact(card, 'phone');
	const digits = normalisePhone(phone);
	return {
		phone: digits ? `+${digits}` : phone,
		phoneDigits: digits,
		email: subject.by === 'email' ? subject.email : trustedContact(card, 'email'),
		crmId: subject.by === 'crmId' ? subject.crmId : card.crmId,
		name: card.name,
		customerId: card.id === null ? null : String(card.id),
		...Object.fromEntries(Object.entries(card.fields).map(([k, v]) => [`fields.${k}`, v])),
	};
}

/**
 * The customer card: from the store, linked across channels, and enriched by the CRM when one is
 * configured (its values written back to the stored card, then the card read again).
 */
export async function lookUpCard(db: Db, subject: LookupSubject, crm?: CrmSource, at = new Date()): Promise<LookedUp> {
	let customerId: number | null;
	let mergedIds: number[] = [];
	if (subject.by === 'message' && subject.loggedAs !== undefined && !vouchesForContacts(subject.message)) {
		// Logging the message registered its sender just as recognising would, and without a contact
		// the channel vouches for there is no card to merge: the card is the logged customer's.
		customerId = subject.loggedAs;
	} else if (subject.by === 'message') {
		({ customerId, mergedIds } = await recogniseSender(db, subject.message));
	} else {
		customerId = await findCustomerId(db, subject);
	}
	let card = customerId === null ? emptyCard() : await loadCard(db, customerId);
	if (!crm) return { card: customerId === null ? null : card, mergedIds };

	const { card: crmCard, ...status } = await lookUpInCrm(db, crm.credential, crm.request, crm.mapping, lookupKeys(card, subject), at);
	if (crmCard && customerId !== null) {
		await writeBackCrm(db, customerId, crmCard);
		card = await loadCard(db, customerId);
	} else if (crmCard) {
		card = cardFromCrm(card, crmCard);
	} else if (customerId === null) {
		return { card: null, mergedIds };
	}
	return { card: { ...card, crm: status }, mergedIds };
}
