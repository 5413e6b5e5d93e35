export { prioritize, storedPriority, type Priority, type PriorityInput } from './prioritize';
export { DEFAULT_RULES, evaluate, RULE_CONDITIONS, type PriorityPolicy, type PriorityRule, type RuleCondition } from './rules';
export { DEFAULT_ANGER_WORDS, DEFAULT_URGENT_WORDS, angerIn, firstWordIn } from './signals';
