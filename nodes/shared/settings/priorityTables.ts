import { z } from 'zod';

import { RULE_CONDITIONS, type PriorityRule } from '../priority';
import type { Store } from '../store/types';
import { parsedRows, started, text, whole, type Applied } from './checks';
import { keepRows, keptTables } from './kept';
import { PRIORITY_RULES, VIP_TIERS, type TableRow } from './tables';

/*
 * The Prioritizer's rules as two tables: VIP tiers, and every other rule. Set to "Data Tables
 * When Filled" (its default), the Prioritizer uses both tables' rows while either has any, and
 * the rules in its own panel when both are empty.
 */

const points = z.preprocess((v) => (v === null || v === '' ? undefined : Number(v)), z.number({ required_error: 'needs a number of points' }).finite());
const minutes = whole(0, 100_000).transform((v) => v ?? 0);

const RuleRow = z.object({
	when: z.preprocess((v) => String(v ?? '').trim(), z.enum(RULE_CONDITIONS, { message: `one of ${RULE_CONDITIONS.join(', ')}` })),
	value: text,
	points,
	firstResponseMinutes: minutes,
	nextResponseMinutes: minutes,
});

const TierRow = z.object({
	tier: whole(1, 100).pipe(z.number({ required_error: 'needs a tier from 1' })),
	name: text,
	points,
	firstResponseMinutes: minutes,
	nextResponseMinutes: minutes,
});

const describe = (rule: PriorityRule) => `${rule.when}${rule.value ? ` ${rule.value}` : ''}: ${rule.points >= 0 ? '+' : ''}${rule.points}`;

/** Keeps the rules that parse; a table whose every row has a mistake changes nothing. */
async function keepRules(store: Store, key: string, rows: TableRow[], rules: PriorityRule[], applied: Applied): Promise<Applied> {
	if (rows.length && !rules.length) return applied;
	applied.updated = rules.map(describe);
	await keepRows(store.db, key, rules as unknown as TableRow[]);
	return applied;
}

export async function applyPriorityRules(store: Store, rows: TableRow[]): Promise<Applied> {
	const applied = started(PRIORITY_RULES.name);
	const rules = parsedRows(rows, RuleRow, applied).map(({ value }): PriorityRule => value);
	return keepRules(store, 'priorityRules', rows, rules, applied);
}

export async function applyVipTiers(store: Store, rows: TableRow[]): Promise<Applied> {
	const applied = started(VIP_TIERS.name);
	const rules = parsedRows(rows, TierRow, applied).map(
		({ value }): PriorityRule => ({ when: 'vipTierAtLeast', value: String(value.tier), points: value.points, firstResponseMinutes: value.firstResponseMinutes, nextResponseMinutes: value.nextResponseMinutes }),
	);
	return keepRules(store, 'vipTiers', rows, rules, applied);
}

/** The rules of both tables (VIP tiers first), or null while both are empty. */
export async function appliedPriorityRules(db: Store['db']): Promise<PriorityRule[] | null> {
	const asRules = (rows: TableRow[]) => rows as unknown as PriorityRule[];
	const [tiers, rules] = await keptTables(db, ['vipTiers', 'priorityRules'], asRules);
	return tiers || rules ? [...(tiers ?? []), ...(rules ?? [])] : null;
}
