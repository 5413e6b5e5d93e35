import type { Channel } from '../envelope';
import { angerIn, firstWordIn } from './signals';

/** A condition ops staff pick in a rule row. */
export const RULE_CONDITIONS = ['vipTierAtLeast', 'topicIs', 'channelIs', 'repeatContact', 'waitedMoreThan', 'textUrgent', 'textAngry'] as const;
export type RuleCondition = (typeof RULE_CONDITIONS)[number];

/**
 * One rule row: when the condition holds, add `points` and tighten the SLA. `value` is the
 * condition's argument as typed: a tier, a minute count, or a comma-separated list of topics or
 * channels. A response time of 0 leaves the SLA as it is.
 */
export interface PriorityRule {
	when: RuleCondition;
	value: string;
	points: number;
	firstResponseMinutes: number;
	nextResponseMinutes: number;
}

/** What the rules look at, gathered from the store and the message. */
export interface PriorityFacts {
	vipTier: number;
	topic: string | null;
	channel: Channel | null;
	text: string;
	repeatOf: number[];
	waitedMinutes: number;
}

export interface PriorityPolicy {
	rules: PriorityRule[];
	urgentWords: string[];
	angerWords: string[];
	/** SLA when no rule tightens it. */
	firstResponseMinutes: number;
	nextResponseMinutes: number;
	/** Lowest score of each level; below them all the level is "low". */
	levels: { urgent: number; high: number; normal: number };
}

/** The defaults ops staff start from: VIP tiers first, then repeat contacts, waiting, urgency and anger. */
export const DEFAULT_RULES: PriorityRule[] = [
	{ when: 'vipTierAtLeast', value: '1', points: 50, firstResponseMinutes: 5, nextResponseMinutes: 15 },
	{ when: 'vipTierAtLeast', value: '2', points: 20, firstResponseMinutes: 0, nextResponseMinutes: 0 },
	{ when: 'repeatContact', value: '', points: 25, firstResponseMinutes: 30, nextResponseMinutes: 0 },
	{ when: 'waitedMoreThan', value: '30', points: 15, firstResponseMinutes: 0, nextResponseMinutes: 0 },
	{ when: 'textUrgent', value: '', points: 15, firstResponseMinutes: 0, nextResponseMinutes: 0 },
	{ when: 'textAngry', value: '', points: 20, firstResponseMinutes: 30, nextResponseMinutes: 0 },
];

const listOf = (value: string) =>
	value
		.split(',')
		.map((s) => s.trim().toLowerCase())
		.filter(Boolean);

/** Why the rule holds for these facts (for the reasons list), or null when it does not. */
function holds(rule: PriorityRule, facts: PriorityFacts, policy: PriorityPolicy): string | null {
	switch (rule.when) {
		case 'vipTierAtLeast':
			return facts.vipTier >= Number(rule.value) ? `VIP tier ${facts.vipTier} ≥ ${Number(rule.value)}` : null;
		case 'topicIs':
			return facts.topic && listOf(rule.value).includes(facts.topic.toLowerCase()) ? `topic is ${facts.topic}` : null;
		case 'channelIs':
			return facts.channel && listOf(rule.value).includes(facts.channel) ? `channel is ${facts.channel}` : null;
		case 'repeatContact':
			return facts.repeatOf.length ? `repeat contact (conversation ${facts.repeatOf.join(', ')})` : null;
		case 'waitedMoreThan':
			return facts.waitedMinutes > Number(rule.value) ? `waited ${Math.floor(facts.waitedMinutes)} min > ${Number(rule.value)}` : null;
		case 'textUrgent': {
			const word = firstWordIn(facts.text, policy.urgentWords);
			return word ? `urgent: “${word}”` : null;
		}
		case 'textAngry': {
			const sign = angerIn(facts.text, policy.angerWords);
			return sign ? `angry: ${sign}` : null;
		}
	}
}

export interface Verdict {
	score: number;
	level: 'urgent' | 'high' | 'normal' | 'low';
	reasons: string[];
	firstResponseMinutes: number;
	nextResponseMinutes: number;
}

/** Scores the facts by every rule that holds; the strictest response time any of them sets wins. */
export function evaluate(facts: PriorityFacts, policy: PriorityPolicy): Verdict {
	let score = 0;
	let firstResponseMinutes = policy.firstResponseMinutes;
	let nextResponseMinutes = policy.nextResponseMinutes;
	const reasons: string[] = [];
	for (const rule of policy.rules) {
		const why = holds(rule, facts, policy);
		if (!why) continue;
		score += rule.points;
		if (rule.firstResponseMinutes > 0) firstResponseMinutes = Math.min(firstResponseMinutes, rule.firstResponseMinutes);
		if (rule.nextResponseMinutes > 0) nextResponseMinutes = Math.min(nextResponseMinutes, rule.nextResponseMinutes);
		reasons.push(`${why}: ${rule.points >= 0 ? '+' : ''}${rule.points}`);
	}
	const { levels } = policy;
	const level = score >= levels.urgent ? 'urgent' : score >= levels.high ? 'high' : score >= levels.normal ? 'normal' : 'low';
	return { score, level, reasons, firstResponseMinutes, nextResponseMinutes };
}
