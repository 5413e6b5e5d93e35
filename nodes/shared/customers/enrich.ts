import { cardOf, customersTable, fillEmpty, type CustomerWrite } from '../store/customers';
import type { Db } from '../store/types';
import type { CustomerCard } from './card';
import type { CrmCard } from './crm/mapping';

/**
 * Writes what the CRM knows back onto the stored card, so the router and the desk see it without
 * asking the CRM again. The CRM enriches the card: it fills what is empty, under the same rule the
 * conversation log fills by (`fillEmpty`: never over a value, never over an operator's
 * correction). The VIP tier is the exception: the CRM is where tiers are kept, so its tier
 * replaces the stored one unless an operator corrected it.
 */
export function writeBackCrm(db: Db, customerId: number, crm: CrmCard): Promise<void> {
	return db.transaction(async (tx) => {
		const table = customersTable(tx);
		const record = await table.get(customerId, { lock: true });
		const { corrected } = record;
		const patch: CustomerWrite = fillEmpty(cardOf(record), crm, corrected);
		if (crm.vipTier !== undefined && crm.vipTier !== record.vipTier && !corrected.includes('vipTier')) patch.vipTier = crm.vipTier;
		if (crm.crmId && record.crmId === null) patch.crmId = crm.crmId;
		if (Object.keys(patch).length) await table.write(customerId, patch);
	});
}

/**
 * The language a customer writes in becomes their card's, which proactive notices are sent in: the
 * card starts from the app's or browser's language, often not the one they write (a Ukrainian
 * with an English phone). Read from a message long enough to tell; an operator's correction stands.
 */
export async function noteWrittenLanguage(db: Db, customerId: number, language: string): Promise<void> {
	await db.transaction(async (tx) => {
		const table = customersTable(tx);
		const record = await table.get(customerId, { lock: true });
		if (record.language !== language && !record.corrected.includes('language')) await table.write(customerId, { language });
	});
}

/** A card nobody stored, as the CRM describes the person. */
export function cardFromCrm(card: CustomerCard, crm: CrmCard): CustomerCard {
	return {
		...card,
		name: crm.name ?? card.name,
		phone: crm.phone ?? card.phone,
		email: crm.email ?? card.email,
		language: crm.language ?? card.language,
		vipTier: crm.vipTier ?? card.vipTier,
		crmId: crm.crmId ?? card.crmId,
		fields: { ...crm.fields, ...card.fields },
	};
}
