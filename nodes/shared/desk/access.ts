import type { Operator, RoutingEntry, SkillGroup } from '../routing';
import { routerOn } from '../routing';
import { latestEntry } from '../routing/views';
import type { Conversation, Db } from '../store/types';
import { toConversation } from '../store/rows';
import { DeskError } from './errors';

export const isSupervisor = (operator: Operator) => operator.role === 'supervisor';

export function requireSupervisor(operator: Operator, what: string): void {
	if (!isSupervisor(operator)) throw new DeskError(403, `Only a supervisor can ${what}.`);
}

/** The skill groups whose queues and conversations the operator sees: all of them for a supervisor. */
export async function visibleGroups(db: Db, operator: Operator): Promise<SkillGroup[]> {
	const groups = await routerOn(db).groups.list();
	return isSupervisor(operator) ? groups : groups.filter((g) => operator.skills.includes(g.id));
}

export interface Granted {
	conversation: Conversation;
	/** Where routing has the conversation now (or had it last); null when it was never routed. */
	entry: RoutingEntry | null;
}

/**
 * Whether the operator may open the conversation: a supervisor always; an operator when it is
 * theirs or sits in one of their skill groups. Everything the desk does to a conversation passes
 * here first, so a refusal always says why.
 */
export async function requireAccess(db: Db, operator: Operator, conversationId: number): Promise<Granted> {
	const rows = await db.query('SELECT * FROM conversations WHERE id = ?', [conversationId]);
	if (!rows.length) throw new DeskError(404, `Conversation ${conversationId} does not exist.`);
	const conversation = toConversation(rows[0]);
	const entry = await latestEntry(db, conversationId);
	if (isSupervisor(operator)) return { conversation, entry };
	if (!entry) {
		throw new DeskError(403, `Conversation ${conversationId} has not been routed to a skill group yet: only a supervisor can open it.`);
	}
	if (entry.operatorId === operator.id || operator.skills.includes(entry.groupId)) return { conversation, entry };
	const group = await routerOn(db).groups.get(entry.groupId);
	throw new DeskError(
		403,
		`Conversation ${conversationId} belongs to skill group "${group?.name ?? entry.groupId}", which is not one of yours.`,
	);
}
