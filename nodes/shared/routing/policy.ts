import type { QueuePlace } from './types';

/** The knobs operations staff tune; every field has a default. */
export interface RoutingPolicy {
	/** A waiting conversation gains +1 priority per this many minutes, so nobody starves. */
	agingMinutes: number;
	/** Handling time assumed for a group with no closed conversations yet. */
	defaultHandleSeconds: number;
	/** How many recent closed conversations of a group give its handling time. */
	handleSample: number;
	/** Priority added each time a conversation escalates. */
	escalationPriorityStep: number;
	/** A queued customer is told again when their position moved by this many places… */
	retellPositions: number;
	/** …or their expected wait by this many seconds. */
	retellWaitSeconds: number;
}

export const DEFAULT_POLICY: RoutingPolicy = {
	agingMinutes: 5,
	defaultHandleSeconds: 300,
	handleSample: 50,
	escalationPriorityStep: 1,
	retellPositions: 3,
	retellWaitSeconds: 300,
};

export function policyWith(overrides: Partial<RoutingPolicy> = {}): RoutingPolicy {
	const defined = Object.entries(overrides).filter(([, v]) => v !== undefined && v !== null && !Number.isNaN(v));
	const policy = { ...DEFAULT_POLICY, ...Object.fromEntries(defined) } as RoutingPolicy;
	if (!(policy.agingMinutes > 0)) throw new Error('Aging must be a positive number of minutes.');
	return policy;
}

/** The priority a queued conversation competes with: its own plus one per aging step waited. */
export function effectivePriority(priority: number, enqueuedMs: number, nowMs: number, policy: RoutingPolicy): number {
	return priority + Math.floor(Math.max(0, nowMs - enqueuedMs) / (policy.agingMinutes * 60_000));
}

/**
 * Whether a waiting customer should hear their place again: the first time, or when the position
 * or the expected wait moved by as much as the policy says is worth a message.
 */
export function placeChangedMaterially(told: QueuePlace | null, now: QueuePlace, policy: RoutingPolicy): boolean {
	if (!told) return true;
	return (
		Math.abs(now.position - told.position) >= policy.retellPositions ||
		Math.abs(now.expectedWaitSeconds - told.expectedWaitSeconds) >= policy.retellWaitSeconds
	);
}

const LEVELS: Record<string, number> = { low: 0, normal: 1, medium: 1, high: 2, urgent: 3, critical: 3 };

/** A priority given as a number or as a level name (`low`, `normal`, `high`, `urgent`). */
export function priorityFrom(value: unknown): number {
	if (value === undefined || value === null || value === '') return 0;
	if (typeof value === 'number' && Number.isFinite(value)) return Math.round(value);
	const text = String(value).trim().toLowerCase();
	if (/^-?\d+$/.test(text)) return Number(text);
	if (text in LEVELS) return LEVELS[text];
	throw new Error(`Priority "${String(value)}" is neither a number nor one of ${Object.keys(LEVELS).join(', ')}.`);
}
