import { now, one } from '../store/rows';
import type { Db } from '../store/types';
import { correctedOf, resolveCustomerId } from './card';

/** An operator's edit of the card. A field given as "" clears it, and it stays cleared. */
export interface CardCorrection {
	name?: string;
	phone?: string;
	email?: string;
	language?: string;
	vipTier?: number;
	fields?: Record<string, string>;
}

const COLUMNS = { name: 'name', phone: 'phone', email: 'email', language: 'language', vipTier: 'vip_tier' } as const;

/**
 * Applies an operator's correction and marks each key it touched as corrected, so that neither the
 * channel profile, the pre-chat form nor the CRM ever fills it again (see `fillEmpty` in the store).
 * Returns the live customer id (a merged id is followed).
 */
export function correctCard(db: Db, customerId: number, correction: CardCorrection): Promise<number> {
	return db.transaction(async (tx) => {
		const id = await resolveCustomerId(tx, customerId);
		if (id === null) throw new Error(`Customer ${customerId} was not found.`);
		const lock = tx.dialect === 'postgres' ? ' FOR UPDATE' : '';
		const row = one(await tx.query(`SELECT * FROM customers WHERE id = ?${lock}`, [id]), `Customer ${id}`);

		const columns = (Object.keys(COLUMNS) as Array<keyof typeof COLUMNS>).filter((k) => correction[k] !== undefined);
		const values = columns.map((k) => (k === 'vipTier' ? Number(correction[k]) : correction[k] || null));
		const fields = { ...(JSON.parse(String(row.fields)) as Record<string, string>) };
		const fieldEdits = Object.entries(correction.fields ?? {});
		for (const [key, value] of fieldEdits) {
			if (value === '') delete fields[key];
			else fields[key] = value;
		}
		const corrected = [...new Set([...correctedOf(row), ...columns, ...fieldEdits.map(([key]) => `fields.${key}`)])];

		await tx.query(
			`UPDATE customers SET ${columns.map((k) => `${COLUMNS[k]} = ?, `).join('')}fields = ?, corrected = ?, updated_at = ? WHERE id = ?`,
			[...values, JSON.stringify(fields), JSON.stringify(corrected), now(), id],
		);
		return id;
	});
}
