import { DEFAULT_ANGER_WORDS, DEFAULT_RULES, DEFAULT_URGENT_WORDS, type PriorityPolicy } from '../../../nodes/shared/priority';

/** The Prioritizer as its panel ships, with `rules` in place of its own: an hour to answer, repeat contacts within a week. */
export const policyWith = (rules: PriorityPolicy['rules'] = DEFAULT_RULES): PriorityPolicy & { repeatWindowDays: number } => ({
	rules,
	urgentWords: DEFAULT_URGENT_WORDS,
	angerWords: DEFAULT_ANGER_WORDS,
	firstResponseMinutes: 60,
	nextResponseMinutes: 60,
	levels: { urgent: 70, high: 40, normal: 0 },
	repeatWindowDays: 7,
});
