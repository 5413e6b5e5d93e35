import { customersRepo, fillEmpty } from '../store/customers';
import { one, toCustomer } from '../store/rows';
import type { Db } from '../store/types';
import { correctedOf, type CustomerCard } from './card';
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
		const lock = tx.dialect === 'postgres' ? ' FOR UPDATE' : '';
		const row = one(await tx.query(`SELECT * FROM customers WHERE id = ?${lock}`, [customerId]), `Customer ${customerId}`);
		const card = toCustomer(row);
		const corrected = correctedOf(row);
		const patch = fillEmpty(card, crm, corrected);
		if (crm.vipTier !== undefined && crm.vipTier !== card.vipTier && !corrected.includes('vipTier')) patch.vipTier = crm.vipTier;
		if (Object.keys(patch).length) await customersRepo(tx).update(customerId, patch);
		if (crm.crmId && row.crm_id === null) await tx.query('UPDATE customers SET crm_id = ? WHERE id = ?', [crm.crmId, customerId]);
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
