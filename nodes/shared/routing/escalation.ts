import { transition } from '../lifecycle/transitions';
import type { Db } from '../store/types';
import { pickGroup } from './groupRules';
import type { RoutingPolicy } from './policy';
import { findOperator } from './repository/directory';
import { lockWithRoom, moveEntry } from './repository/entries';
import type { EscalationOutcome, Line, ManualEscalation, RoutingEntry, SkillGroup } from './types';

/** Where an escalation sends the entry: the named group, a group of the asked line, or the next line. */
function targetGroup(groups: SkillGroup[], entry: RoutingEntry, manual?: ManualEscalation): SkillGroup | null {
	if (manual?.toGroup) {
		const named = groups.find((g) => g.name.toLowerCase() === manual.toGroup!.toLowerCase());
		if (!named) throw new Error(`Skill group "${manual.toGroup}" does not exist.`);
		return named;
	}
	const current = groups.find((g) => g.id === entry.groupId);
	const line = manual?.toLine ?? ((entry.line + 1) as Line);
	if (line > 3) return null;
	const designated = groups.find((g) => g.id === current?.escalationGroupId);
	if (!manual?.toLine && designated) return designated;
	return pickGroup(
		groups.filter((g) => g.line === line),
		{ topic: entry.topic, language: entry.language, channel: entry.channel },
	);
}

const deadlineIn = (group: SkillGroup | undefined, nowMs: number) =>
	group?.slaMinutes ? nowMs + group.slaMinutes * 60_000 : null;

/**
 * Escalates one live entry inside the caller's transaction: to an operator (manual only), to
 * another group (requeued there at raised priority, keeping its enqueued time), or, with no
 * line left, flags it to a supervisor. Every escalation raises the priority by the policy's step.
 */
export async function escalateEntry(
	tx: Db,
	entry: RoutingEntry,
	groups: SkillGroup[],
	policy: RoutingPolicy,
	nowMs: number,
	manual?: ManualEscalation,
): Promise<EscalationOutcome> {
	const priority = entry.priority + policy.escalationPriorityStep;
	const note = manual?.note ?? null;
	const current = groups.find((g) => g.id === entry.groupId);
	const outcome = (action: EscalationOutcome['action'], moved: RoutingEntry): EscalationOutcome => ({
		conversationId: moved.conversationId,
		action,
		fromGroupId: entry.groupId,
		toGroupId: moved.groupId,
		line: moved.line,
		priority: moved.priority,
		state: moved.state,
		operatorId: moved.operatorId,
	});

	if (manual?.toOperator !== undefined) {
		const operator = await findOperator(tx, manual.toOperator);
		if (!operator) throw new Error(`Operator ${manual.toOperator} does not exist.`);
		if (operator.id !== entry.operatorId && (await lockWithRoom(tx, operator.id)) !== 'room') {
			throw new Error(`Operator ${operator.login} is not online with room for another conversation.`);
		}
		const moved = await moveEntry(tx, entry.id, {
			groupId: entry.groupId,
			line: entry.line,
			priority,
			deadlineMs: deadlineIn(current, nowMs),
			note,
			operatorId: operator.id,
			assignedMs: operator.id === entry.operatorId && entry.assignedAt ? Date.parse(entry.assignedAt) : nowMs,
			arrivedMs: operator.id === entry.operatorId ? null : nowMs,
		});
		await transition(tx, entry.conversationId, 'assignedByHand', new Date(nowMs));
		return outcome('assignedToOperator', moved);
	}

	const target = targetGroup(groups, entry, manual);
	// A person who names where it goes means a move: staying put at a raised priority is the
	// schedule's way, and a "transferred" note on a conversation nobody moved misleads the team.
	if (manual?.toGroup && target?.id === entry.groupId) throw new Error(`The conversation is already in skill group "${target.name}".`);
	if (manual?.toLine && (!target || target.id === entry.groupId)) {
		throw new Error(target ? `The conversation is already in skill group "${target.name}" on line ${manual.toLine}.` : `No skill group on line ${manual.toLine} serves this conversation.`);
	}
	if (target && target.id !== entry.groupId) {
		const moved = await moveEntry(tx, entry.id, {
			groupId: target.id,
			line: target.line,
			priority,
			deadlineMs: deadlineIn(target, nowMs),
			note,
			operatorId: null,
			assignedMs: null,
			arrivedMs: nowMs,
		});
		await transition(tx, entry.conversationId, 'requeued', new Date(nowMs));
		return outcome('movedToGroup', moved);
	}

	// Nowhere further to go: at line 3 a supervisor is asked once (no new deadline); below it
	// the conversation waits where it is at a higher priority until the next deadline.
	const lastLine = entry.line >= 3;
	const kept = await moveEntry(tx, entry.id, {
		groupId: entry.groupId,
		line: entry.line,
		priority,
		deadlineMs: lastLine ? null : deadlineIn(current, nowMs),
		flaggedMs: lastLine ? nowMs : null,
		note,
		operatorId: entry.operatorId,
		assignedMs: entry.assignedAt ? Date.parse(entry.assignedAt) : null,
		arrivedMs: null,
	});
	return outcome(lastLine ? 'flaggedToSupervisor' : 'priorityRaised', kept);
}
