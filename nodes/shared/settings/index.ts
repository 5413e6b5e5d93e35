export { CAMPAIGN_RATES, CANNED_REPLIES, KNOWLEDGE_BASE, MENU, OPERATORS, PRIORITY_RULES, QUIET_HOURS, SETTINGS_TABLES, SKILL_GROUPS, TOPICS, VIP_TIERS, sampleRows, writtenSinceCreated, type Cell, type ColumnType, type SettingsTable, type TableRow } from './tables';
export { applyCannedReplies, applyOperators, applySkillGroups } from './apply';
export { applyKnowledgeBase, applyMenu, applyTopics, appliedMenu } from './botTables';
export { applyCampaignRates, appliedCampaignRates, applyQuietHours, appliedQuietHours, withNotifyTables, type QuietHoursRow } from './notifyTables';
export { applyPriorityRules, applyVipTiers, appliedPriorityRules } from './priorityTables';
export { APPLY, type SettingsTableKey } from './appliers';
export type { Applied, RowProblem } from './checks';
