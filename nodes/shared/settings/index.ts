export { CANNED_REPLIES, OPERATORS, SETTINGS_TABLES, SKILL_GROUPS, type Cell, type ColumnType, type SettingsTable, type TableRow } from './tables';
export { APPLY, applyCannedReplies, applyOperators, applySkillGroups, type Applied, type RowProblem, type SettingsTableKey } from './apply';
