import { customersTable } from '../store/customers';
import type { Db } from '../store/types';
import { resolveCustomerId } from './card';

/** An operator's edit of the card. A field given as "" clears it, and it stays cleared. */
export interface CardCorrection {
	name?: string;
	phone?: string;
	email?: string;
	language?: string;
	vipTier?: number;
	fields?: Record<string, string>;
}

const CARD_VALUES = ['name', 'phone', 'email', 'language', 'vipTier'] as const;

/**
 * Applies an operator's correction and marks each key it touched as corrected, so that neither the
 * channel profile, the pre-chat form nor the CRM ever fills it again (see `fillEmpty` in the store).
 * Returns the live customer id (a merged id is followed).
 */
export function correctCard(db: Db, customerId: number, correction: CardCorrection): Promise<number> {
	return db.transaction(async (tx) => {
		const id = await resolveCustomerId(tx, customerId);
		if (id === null) throw new Error(`Customer ${customerId} was not found.`);
		const table = customersTable(tx);
		const card = await table.get(id, { lock: true });

		const keys = CARD_VALUES.filter((k) => correction[k] !== undefined);
		const values = Object.fromEntries(keys.map((k) => [k, k === 'vipTier' ? Number(correction[k]) : correction[k] || null]));
		const fields = { ...card.fields };
		const fieldEdits = Object.entries(correction.fields ?? {});
		for (const [key, value] of fieldEdits) {
			if (value === '') delete fields[key];
			else fields[key] = value;
		}
		const corrected = [...new Set([...card.corrected, ...keys, ...fieldEdits.map(([key]) => `fields.${key}`)])];

		await table.write(id, { ...values, fields, corrected });
		return id;
	});
}
