import { cardOf, customersTable, type CustomerRecord } from '../store/customers';
import { identitiesTable } from '../store/identities';
import { now } from '../store/rows';
import type { Customer, Db } from '../store/types';
import { resolveCustomerId } from './card';

const isSet = (v: unknown) => v !== null && v !== undefined && v !== '';

interface Side {
	card: Customer;
	crmId: string | null;
	corrected: string[];
}

/**
 * One value of the merged card, by how much it is to be trusted: the kept card's operator
 * correction, then the merged card's, then the kept card's value, then the merged card's.
 */
function pick<T>(key: string, keep: Side, merge: Side, value: (side: Side) => T): { value: T; corrected: boolean } {
	for (const side of [keep, merge]) if (side.corrected.includes(key)) return { value: value(side), corrected: true };
	return { value: isSet(value(keep)) ? value(keep) : value(merge), corrected: false };
}

function mergedCard(keep: Side, merge: Side) {
	const corrected: string[] = [];
	const take = <T>(key: string, value: (side: Side) => T) => {
		const chosen = pick(key, keep, merge, value);
		if (chosen.corrected) corrected.push(key);
		return chosen.value;
	};
	const fieldKeys = new Set([...Object.keys(keep.card.fields), ...Object.keys(merge.card.fields)]);
	for (const key of [...keep.corrected, ...merge.corrected]) if (key.startsWith('fields.')) fieldKeys.add(key.slice(7));
	const fields = Object.fromEntries(
		[...fieldKeys].map((k) => [k, take(`fields.${k}`, (s) => s.card.fields[k] ?? '')]).filter(([, v]) => v !== ''),
	);
	// A tier nobody corrected is the higher one: either channel may have been the one the CRM saw.
	const tierCorrected = keep.corrected.includes('vipTier') || merge.corrected.includes('vipTier');
	const vipTier = tierCorrected
		? take('vipTier', (s) => s.card.vipTier)
		: Math.max(keep.card.vipTier, merge.card.vipTier);
	return {
		name: take('name', (s) => s.card.name),
		phone: take('phone', (s) => s.card.phone),
		email: take('email', (s) => s.card.email),
		language: take('language', (s) => s.card.language),
		vipTier,
		crmId: keep.crmId ?? merge.crmId,
		fields,
		corrected: [...new Set(corrected)],
	};
}

const sideOf = (record: CustomerRecord): Side => ({ card: cardOf(record), crmId: record.crmId, corrected: record.corrected });

/**
 * Moves everything of `mergeId` onto `keepId` in one transaction: identities, conversations (and
 * with them their messages, tags, priorities and links), link codes, routing history (the
 * operator who served the customer last, whom the router prefers next time), and the card values
 * the kept card lacks. The merged customer row stays as a pointer (`merged_into`), so nothing that
 * names it is lost and lookups of the old id find the kept card. Returns the id kept.
 */
export function mergeCustomers(db: Db, keepId: number, mergeId: number): Promise<number> {
	return db.transaction(async (tx) => {
		const keep = await resolveCustomerId(tx, keepId);
		const merge = await resolveCustomerId(tx, mergeId);
		if (keep === null || merge === null) throw new Error(`Customer ${keep === null ? keepId : mergeId} was not found.`);
		if (keep === merge) return keep;
		const table = customersTable(tx);
		const records = await table.getMany([keep, merge], { lock: true });
		const side = (id: number) => {
			const record = records.find((r) => r.id === id);
			if (!record) throw new Error(`Customer ${id} was not found.`);
			return sideOf(record);
		};
		const at = now();
		await table.write(keep, mergedCard(side(keep), side(merge)), at);
		await identitiesTable(tx).moveCustomer(merge, keep);
		for (const table of ['conversations', 'link_codes', 'routing_entries']) {
			await tx.query(`UPDATE ${table} SET customer_id = ? WHERE customer_id = ?`, [keep, merge]);
		}
		// Earlier merges into the merged card now point straight at the kept one.
		await table.pointAt(merge, keep, at);
		return keep;
	});
}
