/*
 * The contact center's configuration as n8n Data Tables: tables ops staff see and edit in n8n's
 * editor (Overview › Data tables), one row per skill group, operator, canned reply, knowledge-base
 * answer, menu option, topic example, priority rule, VIP tier, quiet-hours rule or channel's campaign rate. The tables
 * are the configuration; the store keeps the live state (who is online, capacity in use, the
 * queue, passwords), which no table row overwrites. n8n lets only its own Data Table node read
 * and write tables, so the admin template reads them with it and hands the rows to the pack.
 */

import { parseCsvRecords } from '../classifier/csv';
import { menuRows, parseMenu } from '../bot/menu';
import { DEFAULT_RATES } from '../notify/limits';
import { DEFAULT_RULES } from '../priority/rules';

export type ColumnType = 'string' | 'number' | 'boolean';
export type Cell = string | number | boolean | null;
export type TableRow = Record<string, Cell>;

export interface SettingsTable {
	/** What ops staff see in the list of data tables. */
	name: string;
	columns: Array<{ name: string; type: ColumnType }>;
	/** What a new install starts with, so that nothing is empty on the first day. */
	sample: TableRow[] | ShippedSample;
}

/** Rows made from one of the pack's sample files, so that the table starts as the file the bot used so far. */
export interface ShippedSample {
	/** Relative to the pack. */
	file: string;
	rows(content: string): TableRow[];
}

export const SKILL_GROUPS: SettingsTable = {
	name: 'Contact Center · Skill Groups',
	columns: [
		{ name: 'name', type: 'string' },
		{ name: 'line', type: 'number' },
		{ name: 'topics', type: 'string' },
		{ name: 'languages', type: 'string' },
		{ name: 'channels', type: 'string' },
		{ name: 'strategy', type: 'string' },
		{ name: 'slaMinutes', type: 'number' },
		{ name: 'escalatesTo', type: 'string' },
	],
	sample: [
		{ name: 'General', line: 1, topics: '', languages: '', channels: '', strategy: 'leastLoaded', slaMinutes: 60, escalatesTo: 'Second Line' },
		{ name: 'Billing', line: 1, topics: 'refund, payment_failed, balance', languages: '', channels: '', strategy: 'leastLoaded', slaMinutes: 30, escalatesTo: 'Second Line' },
		{ name: 'Second Line', line: 2, topics: '', languages: '', channels: '', strategy: 'leastLoaded', slaMinutes: 120, escalatesTo: 'Supervisors' },
		{ name: 'Supervisors', line: 3, topics: '', languages: '', channels: '', strategy: 'leastLoaded', slaMinutes: 240, escalatesTo: '' },
	],
};

export const OPERATORS: SettingsTable = {
	name: 'Contact Center · Operators',
	columns: [
		{ name: 'name', type: 'string' },
		{ name: 'login', type: 'string' },
		{ name: 'role', type: 'string' },
		{ name: 'groups', type: 'string' },
		{ name: 'languages', type: 'string' },
		{ name: 'capacity', type: 'number' },
	],
	sample: [
		{ name: 'Olga', login: 'olga', role: 'operator', groups: 'General, Billing', languages: 'ru, uk, en', capacity: 3 },
		{ name: 'Marc', login: 'marc', role: 'operator', groups: 'General', languages: 'fr, en', capacity: 3 },
		{ name: 'Iryna', login: 'iryna', role: 'operator', groups: 'Second Line', languages: 'uk, ru, en', capacity: 2 },
		{ name: 'Sam', login: 'sam', role: 'supervisor', groups: 'Supervisors, Second Line, General, Billing', languages: '', capacity: 2 },
	],
};

export const CANNED_REPLIES: SettingsTable = {
	name: 'Contact Center · Canned Replies',
	columns: [
		{ name: 'name', type: 'string' },
		{ name: 'topic', type: 'string' },
		{ name: 'language', type: 'string' },
		{ name: 'body', type: 'string' },
	],
	sample: [
		{ name: 'Greeting', topic: '', language: 'en', body: 'Hello {{customer.name}}, this is {{operator.name}}. How can I help you?' },
		{ name: 'Greeting', topic: '', language: 'ru', body: 'Здравствуйте, {{customer.name}}! Меня зовут {{operator.name}}. Чем могу помочь?' },
		{ name: 'Greeting', topic: '', language: 'uk', body: 'Вітаю, {{customer.name}}! Мене звати {{operator.name}}. Чим можу допомогти?' },
		{ name: 'Greeting', topic: '', language: 'fr', body: 'Bonjour {{customer.name}}, ici {{operator.name}}. Comment puis-je vous aider ?' },
		{ name: 'Refund policy', topic: 'refund', language: 'en', body: 'Refunds reach your card within 5 working days of our confirmation.' },
		{ name: 'Refund policy', topic: 'refund', language: 'ru', body: 'Деньги вернутся на вашу карту в течение 5 рабочих дней после нашего подтверждения.' },
		{ name: 'Refund policy', topic: 'refund', language: 'uk', body: 'Гроші повернуться на вашу картку протягом 5 робочих днів після нашого підтвердження.' },
		{ name: 'Refund policy', topic: 'refund', language: 'fr', body: 'Le remboursement arrive sur votre carte sous 5 jours ouvrés après notre confirmation.' },
		{ name: 'Order tracking', topic: 'order_status', language: 'en', body: 'You can follow your order at https://example.com/orders with its number and your e-mail.' },
		{ name: 'Order tracking', topic: 'order_status', language: 'ru', body: 'Отследить заказ можно на https://example.com/orders по его номеру и вашему e-mail.' },
		{ name: 'Order tracking', topic: 'order_status', language: 'uk', body: 'Відстежити замовлення можна на https://example.com/orders за його номером і вашим e-mail.' },
		{ name: 'Order tracking', topic: 'order_status', language: 'fr', body: 'Suivez votre commande sur https://example.com/orders avec son numéro et votre e-mail.' },
	],
};

const columns = (names: string[], types: Record<string, ColumnType> = {}) => names.map((name) => ({ name, type: types[name] ?? ('string' as const) }));
const csvRows = (names: string[]) => (content: string) =>
	parseCsvRecords(content).map((record) => Object.fromEntries(names.map((name) => [name, record[name] ?? ''])));

/** The columns of `workflows/data/knowledge-base.csv`, so a table and a file can be copied into each other. */
export const KNOWLEDGE_BASE: SettingsTable = {
	name: 'Contact Center · Knowledge Base',
	columns: columns(['intent', 'language', 'question', 'answer', 'tags']),
	sample: { file: 'workflows/data/knowledge-base.csv', rows: csvRows(['intent', 'language', 'question', 'answer', 'tags']) },
};

/** One row per option and language; `path` 2.1 is the first option under option 2. */
export const MENU: SettingsTable = {
	name: 'Contact Center · Bot Menu',
	columns: columns(['path', 'language', 'label', 'answer', 'tags', 'handoff'], { handoff: 'boolean' }),
	sample: { file: 'workflows/data/menu.json', rows: (content) => menuRows(parseMenu(content)) },
};

/** The columns of `workflows/data/topics.csv`: an example message and its topic (`label`). */
export const TOPICS: SettingsTable = {
	name: 'Contact Center · Topics',
	columns: columns(['text', 'label', 'language']),
	sample: { file: 'workflows/data/topics.csv', rows: csvRows(['text', 'label', 'language']) },
};

const RULE_COLUMNS = { points: 'number', firstResponseMinutes: 'number', nextResponseMinutes: 'number' } as const;

/** The Prioritizer's rules other than VIP tiers, which have their own table. */
export const PRIORITY_RULES: SettingsTable = {
	name: 'Contact Center · Priority Rules',
	columns: columns(['when', 'value', 'points', 'firstResponseMinutes', 'nextResponseMinutes'], RULE_COLUMNS),
	sample: DEFAULT_RULES.filter((rule) => rule.when !== 'vipTierAtLeast').map((rule) => ({ ...rule })),
};

/** A customer's tier (on their card, from the CRM) earns the points of every row up to it. */
export const VIP_TIERS: SettingsTable = {
	name: 'Contact Center · VIP Tiers',
	columns: columns(['tier', 'name', 'points', 'firstResponseMinutes', 'nextResponseMinutes'], { tier: 'number', ...RULE_COLUMNS }),
	sample: DEFAULT_RULES.filter((rule) => rule.when === 'vipTierAtLeast').map(({ value, points, firstResponseMinutes, nextResponseMinutes }) => ({
		tier: Number(value),
		name: Number(value) === 1 ? 'VIP' : `VIP ${value}`,
		points,
		firstResponseMinutes,
		nextResponseMinutes,
	})),
};

/** How fast campaigns send on each channel; the platforms' own limits as shipped. */
export const CAMPAIGN_RATES: SettingsTable = {
	name: 'Contact Center · Campaign Rates',
	columns: columns(['channel', 'messagesPerSecond'], { messagesPerSecond: 'number' }),
	sample: Object.entries(DEFAULT_RATES).map(([channel, rate]) => ({ channel, messagesPerSecond: rate.limit })),
};

/**
 * When notifications wait, per kind of notification: a promotion (or a service message whose Notify
 * node does not let it pass quiet hours, like the missed-call text) for a customer in these hours
 * of their own day goes out when they end. The rows as shipped are what the templates' panels say.
 */
export const QUIET_HOURS: SettingsTable = {
	name: 'Contact Center · Quiet Hours',
	columns: columns(['kind', 'start', 'end', 'timeZone']),
	sample: [
		{ kind: 'promotional', start: '21:00', end: '09:00', timeZone: '' },
		{ kind: 'service', start: '21:00', end: '09:00', timeZone: '' },
	],
};

/** The tables by the key the Contact Center Settings node names them with. */
export const SETTINGS_TABLES = {
	skillGroups: SKILL_GROUPS,
	operators: OPERATORS,
	cannedReplies: CANNED_REPLIES,
	knowledgeBase: KNOWLEDGE_BASE,
	menu: MENU,
	topics: TOPICS,
	priorityRules: PRIORITY_RULES,
	vipTiers: VIP_TIERS,
	campaignRates: CAMPAIGN_RATES,
	quietHours: QUIET_HOURS,
} as const;

/** A table's example rows; `read` gives the content of a file shipped with the pack. */
export function sampleRows(table: SettingsTable, read: (file: string) => string): TableRow[] {
	return Array.isArray(table.sample) ? table.sample : table.sample.rows(read(table.sample.file));
}

/**
 * Whether a data table (as n8n's Data Table node describes it) has had rows written since it was
 * made: n8n moves a table's `updatedAt` on every row change, and a new table's two timestamps are
 * equal. The examples go only into a table never written, so a restart never adds them to ops
 * staff's rows, while a table whose first insert failed gets them at the next start.
 */
export function writtenSinceCreated(table: { createdAt?: unknown; updatedAt?: unknown }): boolean {
	const time = (value: unknown) => (typeof value === 'string' || value instanceof Date ? new Date(value).getTime() : Number.NaN);
	const created = time(table.createdAt);
	const updated = time(table.updatedAt);
	return Number.isFinite(created) && Number.isFinite(updated) && updated !== created;
}
