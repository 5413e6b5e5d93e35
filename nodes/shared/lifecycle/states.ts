/**
 * A conversation's life, in one table. The store enforces it: a transition is one UPDATE that only
 * applies from the states listed here, so a late or repeated event changes nothing.
 *
 *   bot ──handedOff──▶ queued ──assigned──▶ assigned ──operatorReplied──▶ answered
 *    ▲                   ▲                     │                            │   ▲
 *    │                   └─────requeued────────┤◀──────────────┐   customerWrote │ operatorReplied
 *    │                                         │               └──── needsAnswer ◀┘
 *  reopened              resolved ◀──resolved── any open state
 *    └───────────────────  │
 *                          └──windowPassed──▶ closed
 */
export const CONVERSATION_STATES = ['bot', 'queued', 'assigned', 'answered', 'needsAnswer', 'resolved', 'closed'] as const;
export type ConversationState = (typeof CONVERSATION_STATES)[number];

/** States in which the conversation is open (status 'open'); resolved and closed ones are not. */
export const OPEN_STATES: readonly ConversationState[] = ['bot', 'queued', 'assigned', 'answered', 'needsAnswer'];

interface Transition {
	from: readonly ConversationState[];
	to: ConversationState;
	why: string;
}

export const TRANSITIONS = {
	handedOff: { from: ['bot'], to: 'queued', why: 'the bot (or a rule) gave the conversation to people; it waits in a skill group' },
	assigned: { from: ['queued'], to: 'assigned', why: 'an operator with room took it from the queue' },
	assignedByHand: {
		from: ['queued', 'assigned', 'needsAnswer', 'answered'],
		to: 'assigned',
		why: 'transferred or escalated straight to an operator, who now owes the customer an answer',
	},
	operatorReplied: {
		from: ['queued', 'assigned', 'needsAnswer', 'answered'],
		to: 'answered',
		why: 'an operator’s reply reached the channel: the response deadline is met and cleared; now the customer is to write',
	},
	customerWrote: {
		from: ['answered'],
		to: 'needsAnswer',
		why: 'the customer wrote after the answer: it goes to the same operator, with a next-response deadline',
	},
	requeued: {
		from: ['assigned', 'needsAnswer', 'answered'],
		to: 'queued',
		why: 'its operator went offline before answering (or the customer wrote again while they were offline), an overdue escalation moved it, or an operator transferred it to another group (whose answer the customer now awaits)',
	},
	resolved: {
		from: OPEN_STATES,
		to: 'resolved',
		why: 'closed by an operator (desk, team chat, node) or resolved as idle; the operator’s slot is freed',
	},
	reopened: { from: ['resolved'], to: 'bot', why: 'the customer wrote within the reopen window; the same conversation goes on' },
	windowPassed: { from: ['resolved'], to: 'closed', why: 'the reopen window passed; the customer’s next message opens a new conversation' },
} as const satisfies Record<string, Transition>;

export type LifecycleEvent = keyof typeof TRANSITIONS;

/** The state an event leads to from `state`, or null when the event does not apply there. */
export function nextState(state: ConversationState, event: LifecycleEvent): ConversationState | null {
	const t: Transition = TRANSITIONS[event];
	return t.from.includes(state) ? t.to : null;
}
