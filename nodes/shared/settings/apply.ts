import { z } from 'zod';

import { importCannedReplies } from '../desk/canned';
import { routerOn, STRATEGIES, type Line, type OperatorRole, type Strategy } from '../routing';
import type { Db } from '../store/types';
import { list, parsedRows, started, text, whole, type Applied } from './checks';
import { CANNED_REPLIES, OPERATORS, SKILL_GROUPS, type TableRow } from './tables';

const GroupRow = z.object({
	name: text.pipe(z.string().min(1, 'needs a name')),
	line: whole(1, 3),
	topics: list,
	languages: list,
	channels: list,
	strategy: z.preprocess((v) => (String(v ?? '').trim() || 'leastLoaded'), z.enum(STRATEGIES as unknown as [Strategy, ...Strategy[]])),
	slaMinutes: whole(1, 100_000),
	escalatesTo: text,
});

const OperatorRow = z.object({
	name: text.pipe(z.string().min(1, 'needs a name')),
	login: text.pipe(z.string().min(1, 'needs a login').regex(/^[\w.@-]+$/, 'a login has letters, digits and . _ @ - only')),
	role: z.preprocess((v) => (String(v ?? '').trim() || 'operator'), z.enum(['operator', 'supervisor'])),
	groups: list,
	languages: list,
	capacity: whole(0, 100),
});

/*
 * Each table brings the store in line with its rows: a row creates or updates the group (by
 * name) or the operator (by login); a canned reply is replaced by its table, so one taken out is
 * removed. Groups and operators missing from their table are left alone (they hold conversations
 * and history), and nothing here touches an operator's status, load or password.
 */

export async function applySkillGroups(db: Db, rows: TableRow[], table = SKILL_GROUPS.name): Promise<Applied> {
	const router = routerOn(db);
	const applied = started(table);
	const groups = parsedRows(rows, GroupRow, applied);
	for (const { value: group } of groups) {
		const found = await router.groups.get(group.name);
		const input = { name: group.name, topics: group.topics, languages: group.languages, channels: group.channels, strategy: group.strategy, line: (group.line ?? 1) as Line, slaMinutes: group.slaMinutes ?? null };
		if (found) await router.groups.update(found.id, input);
		else await router.groups.create(input);
		(found ? applied.updated : applied.created).push(group.name);
	}
	// Escalation targets once every group exists, so a row may name a group further down the table.
	for (const { row, value: group } of groups) {
		const self = await router.groups.get(group.name);
		const target = group.escalatesTo ? await router.groups.get(group.escalatesTo) : null;
		if (group.escalatesTo && !target) applied.problems.push({ table, row, reason: `escalatesTo: no skill group "${group.escalatesTo}"` });
		if (self) await router.groups.update(self.id, { escalationGroupId: target?.id ?? null });
	}
	return applied;
}

export async function applyOperators(db: Db, rows: TableRow[], table = OPERATORS.name): Promise<Applied> {
	const router = routerOn(db);
	const applied = started(table);
	const known = new Map((await router.groups.list()).map((g) => [g.name.toLowerCase(), g.id]));
	for (const { row, value: operator } of parsedRows(rows, OperatorRow, applied)) {
		const missing = operator.groups.filter((name) => !known.has(name.toLowerCase()));
		if (missing.length) applied.problems.push({ table, row, reason: `groups: no skill group ${missing.map((m) => `"${m}"`).join(', ')}` });
		const input = {
			name: operator.name,
			login: operator.login,
			role: operator.role as OperatorRole,
			skills: operator.groups.flatMap((name) => known.get(name.toLowerCase()) ?? []),
			languages: operator.languages,
			...(operator.capacity !== undefined ? { capacity: operator.capacity } : {}),
		};
		const found = await router.operators.get(operator.login);
		if (found) await router.operators.update(found.id, input);
		else await router.operators.create({ ...input, status: 'offline' });
		(found ? applied.updated : applied.created).push(operator.login);
	}
	return applied;
}

const CannedRow = z.object({
	name: text.pipe(z.string().min(1, 'needs a name')),
	body: text.pipe(z.string().min(1, 'needs a text')),
	topic: text,
	language: text,
});

export async function applyCannedReplies(db: Db, rows: TableRow[], table = CANNED_REPLIES.name): Promise<Applied> {
	const applied = started(table);
	const replies = parsedRows(rows, CannedRow, applied).map(({ value }) => value);
	const { saved, removed } = await importCannedReplies(db, replies, true);
	applied.updated = replies.map((r) => `${r.name}${r.language ? ` (${r.language})` : ''}`).slice(0, saved);
	applied.removed = removed;
	return applied;
}

