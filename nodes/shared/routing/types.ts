/** How a group picks among its operators who have free capacity. */
export type Strategy = 'leastLoaded' | 'roundRobin' | 'longestIdle';
export const STRATEGIES: readonly Strategy[] = ['leastLoaded', 'roundRobin', 'longestIdle'];

export type Line = 1 | 2 | 3;
export type OperatorStatus = 'online' | 'away' | 'offline';
export type OperatorRole = 'operator' | 'supervisor';

export interface SkillGroup {
	id: number;
	name: string;
	/** Empty = any; the same for languages and channels. */
	topics: string[];
	languages: string[];
	channels: string[];
	line: Line;
	/** Where an overdue conversation goes; without it, a group of the next line serving the topic. */
	escalationGroupId: number | null;
	strategy: Strategy;
	/** Time a conversation may wait in this group before it escalates; null = no timer. */
	slaMinutes: number | null;
}

export type SkillGroupInput = Omit<SkillGroup, 'id'>;

export interface Operator {
	id: number;
	name: string;
	login: string;
	role: OperatorRole;
	/** Skill group ids. */
	skills: number[];
	/** Empty = takes every language. */
	languages: string[];
	/** Conversations the operator holds at once. */
	capacity: number;
	status: OperatorStatus;
	lastAssignedAt: string | null;
	/** Conversations that take a slot of the operator's capacity now (not those left waiting for a silent customer). */
	active: number;
}

export type OperatorInput = Omit<Operator, 'id' | 'lastAssignedAt' | 'active'>;

/**
 * `waiting`: the operator answered and the customer has been silent long enough that the
 * conversation gives up its slot of the operator's capacity (lifecycle's resolver decides when);
 * it stays the operator's, and takes its slot back when the customer writes again.
 */
export type EntryState = 'queued' | 'assigned' | 'waiting' | 'closed';

/** Whether an operator holds the conversation, taking a slot or not. */
export const heldByOperator = (entry: Pick<RoutingEntry, 'state' | 'operatorId'>): boolean =>
	(entry.state === 'assigned' || entry.state === 'waiting') && entry.operatorId !== null;

/** One conversation's place in routing: waiting in a group's queue, held by an operator, or done. */
export interface RoutingEntry {
	id: number;
	conversationId: number;
	customerId: number | null;
	groupId: number;
	line: Line;
	priority: number;
	topic: string | null;
	language: string | null;
	channel: string | null;
	state: EntryState;
	operatorId: number | null;
	/** Who served this customer last; preferred when online with room. */
	previousOperatorId: number | null;
	/** The first hand-off: the queue's order and the reports count from it, whatever moved the conversation since. */
	enqueuedAt: string;
	/**
	 * When it came to its current group or operator: the hand-off, or the transfer or escalation
	 * that moved it last (its deadline restarted then, for the new holder).
	 */
	arrivedAt: string;
	deadline: string | null;
	assignedAt: string | null;
	closedAt: string | null;
	/** When a line-3 conversation went overdue and a supervisor was asked to step in. */
	flaggedAt: string | null;
	escalations: number;
	note: string | null;
}

/** What a conversation needs from routing; `topic`, `language` and `channel` fall back to the conversation's. */
export interface RouteRequest {
	topic?: string | null;
	language?: string | null;
	channel?: string | null;
	priority?: number;
	/** When the conversation escalates if nobody has it by then; the group's SLA when absent. */
	deadline?: string | Date | null;
	customerId?: number | null;
	/** An explicit skill group name, chosen over the rules. */
	group?: string | null;
}

export interface RoutedConversation {
	id: number;
	customerId?: number | null;
	channel?: string | null;
	topic?: string | null;
	language?: string | null;
}

export interface QueuePlace {
	position: number;
	expectedWaitSeconds: number;
}

export type RouteResult =
	| { outcome: 'assigned'; entry: RoutingEntry; group: SkillGroup; operator: Operator }
	/** `operatorsOnline`: of the group's, as the customer is queued; none online, no wait can be promised. */
	| ({ outcome: 'queued'; entry: RoutingEntry; group: SkillGroup; operatorsOnline: number } & QueuePlace)
	| { outcome: 'noGroup' }
	/** People already have the conversation: the message is theirs, with nothing to announce. */
	| { outcome: 'following'; entry: RoutingEntry };

export interface EscalationOutcome {
	conversationId: number;
	action: 'movedToGroup' | 'assignedToOperator' | 'priorityRaised' | 'flaggedToSupervisor';
	fromGroupId: number;
	toGroupId: number;
	line: Line;
	priority: number;
	state: EntryState;
	operatorId: number | null;
}

export interface ManualEscalation {
	toLine?: Line;
	toGroup?: string;
	/** Operator id or login; bypasses the queue, but only to an operator online with room. */
	toOperator?: number | string;
	note?: string;
}
