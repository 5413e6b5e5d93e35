import type { Store } from '../store/types';
import { applyCannedReplies, applyOperators, applySkillGroups } from './apply';
import { applyKnowledgeBase, applyMenu, applyTopics } from './botTables';
import type { Applied } from './checks';
import { applyCampaignRates, applyQuietHours } from './notifyTables';
import { applyPriorityRules, applyVipTiers } from './priorityTables';
import type { SETTINGS_TABLES, TableRow } from './tables';

export type SettingsTableKey = keyof typeof SETTINGS_TABLES;

/** What an applier may be told besides the rows: the Topic Classifier model the Topics table trains. */
export interface ApplyOptions {
	model: string;
}

/** The appliers by table, as the Contact Center Settings node offers them. */
export const APPLY: Record<SettingsTableKey, (store: Store, rows: TableRow[], options: ApplyOptions) => Promise<Applied>> = {
	skillGroups: (store, rows) => applySkillGroups(store.db, rows),
	operators: (store, rows) => applyOperators(store.db, rows),
	cannedReplies: (store, rows) => applyCannedReplies(store.db, rows),
	knowledgeBase: applyKnowledgeBase,
	menu: applyMenu,
	topics: (store, rows, { model }) => applyTopics(store, rows, model),
	priorityRules: applyPriorityRules,
	vipTiers: applyVipTiers,
	campaignRates: applyCampaignRates,
	quietHours: applyQuietHours,
};
