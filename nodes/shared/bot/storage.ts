import { gatheredOn } from '../store/gathered';
import { iso, now } from '../store/rows';
import { forgetSetting, readSetting, writeSetting } from '../store/settings';
import type { Db, Row } from '../store';
import type { KbEntry } from './knowledgeBase';
import type { Localised } from './localised';
import { pathFromString, pathToString, type MenuPath } from './menu';

/** The store tables of migration 6: knowledge base, per-conversation bot state, settings. */

export type HandoffReason = 'asked_for_person' | 'not_understood' | 'repeated_failures' | 'anger' | 'menu_choice' | 'data_missing';

export interface BotState {
	menuPath: MenuPath;
	/** The language the customer last wrote in, for turns that do not tell ("2", a button). */
	language: string | null;
	/** Turns in a row the bot could not help; reset by any answer. */
	failures: number;
	/** The intent of the bot's last answer, until another turn of the customer's moves on. */
	lastAnswer: string | null;
	/** Set once the bot handed the conversation to a person: it then stays out of it. */
	handoff: { reason: HandoffReason; at: string } | null;
}

const FRESH: BotState = { menuPath: [], language: null, failures: 0, lastAnswer: null, handoff: null };

/**
 * The conversation's bot state and, for a new conversation's greeting, the incident banner: one
 * statement for the conversations asked at once (the customers of one execution), the banner's
 * read riding on the states' (a row for each conversation whether or not its state exists).
 */
export function loadBotState(db: Db, conversationId: number, { withBanner = false } = {}): Promise<{ state: BotState; banner: IncidentBanner | null }> {
	return loadStates(db, { conversationId, withBanner });
}

const loadStates = gatheredOn(async (db: Db, asked: Array<{ conversationId: number; withBanner: boolean }>) => {
	const ids = [...new Set(asked.map((a) => a.conversationId))];
	const rows = await db.query(
		`WITH k (conversation_id) AS (VALUES ${ids.map(() => '(?)').join(', ')})
		 SELECT (SELECT value FROM settings WHERE key = ?) AS banner, k.conversation_id AS asked_id, b.*
		 FROM k LEFT JOIN bot_conversations b ON b.conversation_id = CAST(k.conversation_id AS BIGINT)`,
		[...ids.map(String), asked.some((a) => a.withBanner) ? BANNER : null],
	);
	const byId = new Map(rows.map((r) => [Number(r.asked_id), r]));
	return asked.map(({ conversationId, withBanner }) => ({ status: 'fulfilled' as const, value: botStateOf(byId.get(conversationId)!, withBanner) }));
});

function botStateOf(r: Row, withBanner: boolean): { state: BotState; banner: IncidentBanner | null } {
	const banner = !withBanner || r.banner === null || r.banner === undefined ? null : (JSON.parse(String(r.banner)) as IncidentBanner);
	if (r.conversation_id === null || r.conversation_id === undefined) return { state: FRESH, banner };
	return {
		state: {
			menuPath: pathFromString(String(r.menu_path)) ?? [],
			language: r.language === null ? null : String(r.language),
			failures: Number(r.failures),
			lastAnswer: r.last_answer === null || r.last_answer === undefined ? null : String(r.last_answer),
			handoff: r.handoff_reason ? { reason: r.handoff_reason as HandoffReason, at: iso(r.handoff_at) } : null,
		},
		banner,
	};
}

/** Saves the conversation's bot state; the states saved at once (one execution's customers) in one statement. */
export function saveBotState(db: Db, conversationId: number, state: BotState): Promise<void> {
	return saveStates(db, { conversationId, state });
}

const saveStates = gatheredOn(async (db: Db, saved: Array<{ conversationId: number; state: BotState }>) => {
	// One row a conversation in a statement (an upsert may not touch a row twice): a second save of one follows the first.
	const firsts = saved.filter((s, i) => saved.findIndex((other) => other.conversationId === s.conversationId) === i);
	const at = now();
	const upsert = (rows: typeof saved) =>
		db.query(
			`INSERT INTO bot_conversations (conversation_id, menu_path, language, failures, last_answer, handoff_reason, handoff_at, updated_at)
			 VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
			 ON CONFLICT (conversation_id) DO UPDATE SET menu_path = excluded.menu_path, language = excluded.language, failures = excluded.failures,
			   last_answer = excluded.last_answer, handoff_reason = excluded.handoff_reason, handoff_at = excluded.handoff_at, updated_at = excluded.updated_at`,
			rows.flatMap(({ conversationId, state }) => [conversationId, pathToString(state.menuPath), state.language, state.failures, state.lastAnswer, state.handoff?.reason ?? null, state.handoff?.at ?? null, at]),
		);
	await upsert(firsts);
	for (const s of saved) if (!firsts.includes(s)) await upsert([s]);
	return saved.map(() => ({ status: 'fulfilled' as const, value: undefined }));
});

/** What ops staff announce while something is broken; shown in every new conversation's greeting. */
export interface IncidentBanner {
	text: Localised;
	/** Free text as ops staff write it: "18:00", "tomorrow morning". */
	expectedFix?: string;
	setAt: string;
}

const BANNER = 'incident_banner';

export async function setIncidentBanner(db: Db, banner: Omit<IncidentBanner, 'setAt'>): Promise<IncidentBanner> {
	const value: IncidentBanner = { ...banner, setAt: now() };
	await writeSetting(db, BANNER, JSON.stringify(value), value.setAt);
	return value;
}

export const clearIncidentBanner = (db: Db): Promise<void> => forgetSetting(db, BANNER);

export async function incidentBanner(db: Db): Promise<IncidentBanner | null> {
	const value = await readSetting(db, BANNER);
	return value === null ? null : (JSON.parse(value) as IncidentBanner);
}

/**
 * Stores entries by key: a re-import updates them in place. With `replace`, entries missing from
 * this import are removed, so the store mirrors the sheet ops staff maintain.
 */
export function importKnowledge(db: Db, entries: readonly KbEntry[], replace: boolean): Promise<{ stored: number; removed: number }> {
	return db.transaction(async (tx) => {
		const at = now();
		for (const e of entries) {
			await tx.query(
				`INSERT INTO knowledge_base (entry_key, intent, language, questions, answer, tags, created_at, updated_at)
				 VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				 ON CONFLICT (entry_key) DO UPDATE SET intent = excluded.intent, language = excluded.language,
				   questions = excluded.questions, answer = excluded.answer, tags = excluded.tags, updated_at = excluded.updated_at`,
				[e.key, e.intent, e.language, JSON.stringify(e.questions), e.answer, JSON.stringify(e.tags), at, at],
			);
		}
		let removed = 0;
		if (replace) {
			const keep = new Set(entries.map((e) => e.key));
			const stale = (await tx.query<{ entry_key: string }>('SELECT entry_key FROM knowledge_base')).filter((r) => !keep.has(r.entry_key));
			for (const r of stale) await tx.query('DELETE FROM knowledge_base WHERE entry_key = ?', [r.entry_key]);
			removed = stale.length;
		}
		return { stored: entries.length, removed };
	});
}

export async function listKnowledge(db: Db, language?: string): Promise<KbEntry[]> {
	const rows = language
		? await db.query('SELECT * FROM knowledge_base WHERE language = ? ORDER BY intent, language', [language])
		: await db.query('SELECT * FROM knowledge_base ORDER BY intent, language');
	return rows.map((r) => ({
		key: String(r.entry_key),
		intent: String(r.intent),
		language: String(r.language),
		questions: JSON.parse(String(r.questions)) as string[],
		answer: String(r.answer),
		tags: JSON.parse(String(r.tags)) as string[],
	}));
}

/** Changes whenever the stored knowledge base does, so a built index can be reused until then. */
export async function knowledgeVersion(db: Db): Promise<{ entries: number; stamp: string }> {
	const [r] = await db.query('SELECT COUNT(*) AS n, MAX(updated_at) AS at FROM knowledge_base');
	return { entries: Number(r.n), stamp: `${Number(r.n)}@${r.at === null ? '' : iso(r.at)}` };
}
