import { marks } from '../../store/rows';
import type { Db } from '../../store/types';

/**
 * Whether a web chat visitor is still there to read a message. Nothing reaches a closed page, and
 * the session is all we have to write to, so a proactive message may go to web chat only while
 * the page is open. An open page polls every 1.5 s; a browser slows the timers of a tab in the
 * background to about once a minute: a page that asked within these 3 minutes counts as open.
 */
export const PAGE_OPEN_MS = 3 * 60_000;

/** A page's polls are noted at most this often: the mark it leaves needs no finer grain than PAGE_OPEN_MS. */
const NOTE_EVERY_MS = 30_000;
/** Marks older than this say nothing any more and are cleared, at most once an hour per process. */
const FORGET_AFTER_MS = 24 * 3600_000;

const noted = new Map<string, number>();
let clearedMs = 0;

/** The page of `sessionId` on `site` has just asked for news: its visitor is on it. */
export async function notePageOpen(db: Db, site: string, sessionId: string, nowMs = Date.now()): Promise<void> {
	const key = `${site}\u0000${sessionId}`;
	const last = noted.get(key);
	if (last !== undefined && nowMs >= last && nowMs - last < NOTE_EVERY_MS) return;
	if (noted.size >= 100_000) noted.clear();
	noted.set(key, nowMs);
	await db.query(
		'INSERT INTO webchat_pages (site, session_id, seen_ms) VALUES (?, ?, ?) ON CONFLICT (site, session_id) DO UPDATE SET seen_ms = excluded.seen_ms',
		[site, sessionId, nowMs],
	);
	if (nowMs - clearedMs < 3600_000 && nowMs >= clearedMs) return;
	clearedMs = nowMs;
	await db.query('DELETE FROM webchat_pages WHERE seen_ms < ?', [nowMs - FORGET_AFTER_MS]);
}

/** Where a customer's web chat can reach them now, as `openPages` answers: the session per site. */
export type OpenPages = Map<string, string>;
export const pageKey = (customerId: number, site: string) => `${customerId}\u0000${site}`;

/**
 * The sessions of these customers' web chat conversations whose page is open at `nowMs`, one
 * per customer and site (the one that asked last): a signed-in customer's chat goes on in the
 * page they have open, whichever session their card last wrote from.
 */
export async function openPages(db: Db, customerIds: number[], nowMs = Date.now()): Promise<OpenPages> {
	const pages: OpenPages = new Map();
	if (!customerIds.length) return pages;
	const rows = await db.query(
		`SELECT c.customer_id, c.account, c.conversation_key, p.seen_ms FROM conversations c
		 JOIN webchat_pages p ON p.site = c.account AND p.session_id = c.conversation_key
		 WHERE c.channel = 'webchat' AND c.customer_id IN (${marks(customerIds.length)}) AND p.seen_ms >= ?
		 ORDER BY p.seen_ms DESC`,
		[...customerIds, nowMs - PAGE_OPEN_MS],
	);
	for (const row of rows) {
		const key = pageKey(Number(row.customer_id), String(row.account));
		if (!pages.has(key)) pages.set(key, String(row.conversation_key));
	}
	return pages;
}
