import { valueAt } from './jsonPath';

/** Card keys a CRM answer can fill; `fields.<key>` fills a free field. */
export type CrmTarget = 'crmId' | 'name' | 'phone' | 'email' | 'language' | 'vipTier' | `fields.${string}`;

export interface CrmMapping {
	/** Where the contact is in the answer (`_embedded.contacts[0]`); empty = the answer itself. A list gives its first element. */
	recordPath: string;
	/** Card key ← path inside the record. */
	fields: Array<{ target: CrmTarget; path: string }>;
	/** How the CRM's tier names read as tiers ("gold" → 2); numbers are taken as they are. */
	tierNames: Record<string, number>;
}

/** What the CRM knows about the customer, as card values. */
export interface CrmCard {
	crmId?: string;
	name?: string;
	phone?: string;
	email?: string;
	language?: string;
	vipTier?: number;
	fields: Record<string, string>;
}

/** "gold=2, platinum=3" as a tier table; names are matched case-insensitively. */
export function parseTierNames(text: string): Record<string, number> {
	const pairs = text
		.split(/[,;\n]/)
		.map((pair) => pair.split('=').map((s) => s.trim()))
		.filter(([name, tier]) => name && tier !== undefined && Number.isFinite(Number(tier)));
	return Object.fromEntries(pairs.map(([name, tier]) => [name.toLowerCase(), Number(tier)]));
}

function tierOf(value: unknown, names: Record<string, number>): number | undefined {
	if (typeof value === 'boolean') return value ? 1 : 0;
	if (typeof value === 'number') return value;
	const text = String(value).trim();
	if (text !== '' && Number.isFinite(Number(text))) return Number(text);
	return names[text.toLowerCase()];
}

const scalar = (value: unknown): string | undefined =>
	value === null || value === undefined || typeof value === 'object' ? undefined : String(value);

/** The record the CRM answered with, or null when the answer holds no contact. */
export function recordIn(answer: unknown, recordPath: string): unknown {
	const found = valueAt(answer, recordPath);
	const record = Array.isArray(found) ? found[0] : found;
	return record === null || record === undefined || typeof record !== 'object' ? null : record;
}

export function mapRecord(record: unknown, mapping: CrmMapping): CrmCard {
	const card: CrmCard = { fields: {} };
	for (const { target, path } of mapping.fields) {
		const value = valueAt(record, path);
		if (target === 'vipTier') {
			const tier = tierOf(value, mapping.tierNames);
			if (tier !== undefined) card.vipTier = tier;
			continue;
		}
		const text = scalar(value);
		if (text === undefined || text === '') continue;
		if (target.startsWith('fields.')) card.fields[target.slice(7)] = text;
		else card[target as Exclude<CrmTarget, 'vipTier' | `fields.${string}`>] = text;
	}
	return card;
}
