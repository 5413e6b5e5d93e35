import { routerOn, type Operator, type OperatorStatus, type RoutingEntry } from '../routing';
import { readSetting, writeSetting } from '../store/settings';
import type { Db } from '../store/types';
import type { DeskPolicy } from './policy';

/**
 * Whether an operator is at the desk. A session lives until it runs idle (30 minutes by default),
 * long after its tab was closed or its laptop went to sleep; customers given to its operator
 * meanwhile wait for nobody. An open desk page calls every few seconds (a background tab about
 * once a minute), so a session whose page has not called for `absentAfterMinutes` has no page
 * open, and an operator with sessions but no such page is taken offline as signing out would,
 * until a page of theirs calls again.
 */

const minutes = (n: number) => n * 60_000;

/**
 * A page's call renews its session's presence. Written only once a good part of the window has
 * gone by: every open page calls every few seconds, and a write each time would be most of the
 * desk's writes.
 */
export async function notePagePresent(db: Db, tokenHash: string, presentUntilMs: number | null, policy: DeskPolicy, nowMs: number): Promise<void> {
	const window = minutes(policy.absentAfterMinutes);
	const renewEvery = Math.min(30_000, window / 4);
	if (presentUntilMs !== null && presentUntilMs - nowMs > window - renewEvery) return;
	await db.query('UPDATE desk_sessions SET present_until_ms = ? WHERE token_hash = ?', [nowMs + window, tokenHash]);
}

export interface TakenOffline {
	operator: Operator;
	/** Conversations they had not answered, back in their queues (and possibly given to others already). */
	requeued: RoutingEntry[];
	/** What they were before: what they are again when they come back. */
	was: OperatorStatus;
}

/**
 * Presence is checked every minute (the schedule, and any desk call). A store that saw no check for
 * two and a half (a run missed, and the next one late) had no n8n serving it, and no page could
 * call meanwhile: every presence may have lapsed though the pages are open and about to call again. Judged at once, the first check would take
 * the whole floor offline and hand their unanswered customers round; instead the lapsed ones get
 * the time an open page needs to call (a background tab calls about once a minute).
 */
const CHECKED = 'desk.presenceCheckedMs';
const UNSERVED_AFTER_MS = 150_000;
const CALL_AGAIN_MS = 2 * 60_000;

/**
 * Takes offline every operator who has desk sessions but no desk page open (each session's
 * presence is judged against the setting its own page was served with, so a schedule with no
 * desk page anywhere can run this). Offline as the router knows it: not given new customers, and
 * the ones they have not answered handed to others. Their sessions remember what they were.
 * After a stretch with no n8n serving the store, nobody is judged until their page could call (CHECKED).
 */
export async function takeAbsentOffline(db: Db, at = new Date()): Promise<TakenOffline[]> {
	const nowMs = at.getTime();
	const checked = await readSetting(db, CHECKED);
	await writeSetting(db, CHECKED, String(nowMs), at.toISOString());
	if (checked !== null && nowMs - Number(checked) > UNSERVED_AFTER_MS) {
		await db.query('UPDATE desk_sessions SET present_until_ms = ? WHERE present_until_ms < ?', [nowMs + CALL_AGAIN_MS, nowMs]);
		return [];
	}
	const absent = await db.query(
		`SELECT o.id, o.status FROM operators o WHERE o.status <> 'offline'
		 AND EXISTS (SELECT 1 FROM desk_sessions s WHERE s.operator_id = o.id)
		 AND NOT EXISTS (SELECT 1 FROM desk_sessions s WHERE s.operator_id = o.id AND (s.present_until_ms IS NULL OR s.present_until_ms >= ?))`,
		[nowMs],
	);
	const router = routerOn(db);
	const taken: TakenOffline[] = [];
	for (const row of absent) {
		const was = row.status as OperatorStatus;
		const { operator, requeued } = await router.setOperatorStatus(Number(row.id), 'offline', at);
		// After the status: a page calling in between finds the mark at its next call and brings them back.
		await db.query('UPDATE desk_sessions SET resume_status = ? WHERE operator_id = ?', [was, operator.id]);
		taken.push({ operator, requeued, was });
	}
	return taken;
}

/**
 * A desk page of an operator their absence took offline calls again (the tab reopened, the laptop
 * woken, a sign-in while their session still lived): they are what they were, and given customers
 * again if that was online. Only if they are still offline: a status someone set since stands.
 */
export async function backAtDesk(db: Db, operatorId: number, at: Date): Promise<void> {
	const [marked] = await db.query('SELECT resume_status FROM desk_sessions WHERE operator_id = ? AND resume_status IS NOT NULL LIMIT 1', [operatorId]);
	if (!marked) return;
	const was = String(marked.resume_status) as OperatorStatus;
	// Claimed by the page whose update clears it: two pages calling at once bring them back once.
	const claimed = await db.query('UPDATE desk_sessions SET resume_status = NULL WHERE operator_id = ? AND resume_status = ? RETURNING operator_id', [operatorId, was]);
	if (!claimed.length) return;
	const router = routerOn(db);
	if ((await router.operators.get(operatorId))?.status !== 'offline') return;
	await router.setOperatorStatus(operatorId, was, at);
}

/** The operator chose their status: nothing is to be restored on their return. */
export async function forgetAbsence(db: Db, operatorId: number): Promise<void> {
	await db.query('UPDATE desk_sessions SET resume_status = NULL WHERE operator_id = ? AND resume_status IS NOT NULL', [operatorId]);
}
