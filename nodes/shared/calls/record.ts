import { findCustomerId, normalisePhone } from '../customers';
import { customersTable, SAME_CUSTOMER_IDS } from '../store/customers';
import type { Db } from '../store/types';
import type { CallEvent } from './event';

/** A call as the card and the desk show it. */
export interface CallRecord {
	id: number;
	platform: string;
	callId: string;
	customerId: number | null;
	from: string;
	verifiedCaller: boolean;
	startedAt: string;
	answeredAt: string | null;
	answeredBy: string | null;
	endedAt: string | null;
	waitedSeconds: number | null;
	durationSeconds: number | null;
	ivrPath: string[];
	offersMade: number;
	deflectedAt: string | null;
	deflectedTo: string | null;
	missedAt: string | null;
	transcript: string | null;
	intent: string | null;
}

export interface RecordedEvent {
	event: CallEvent;
	/** False for a callback the platform delivered again: nothing was changed by it. */
	fresh: boolean;
	call: CallRecord;
}

const str = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v));
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export function toCallRecord(r: Record<string, unknown>): CallRecord {
	return {
		id: Number(r.id),
		platform: String(r.platform),
		callId: String(r.call_id),
		customerId: num(r.customer_id),
		from: String(r.from_number),
		verifiedCaller: Number(r.verified_caller) === 1,
		startedAt: str(r.started_at)!,
		answeredAt: str(r.answered_at),
		answeredBy: str(r.answered_by),
		endedAt: str(r.ended_at),
		waitedSeconds: num(r.waited_seconds),
		durationSeconds: num(r.duration_seconds),
		ivrPath: JSON.parse(String(r.ivr_path)) as string[],
		offersMade: Number(r.offers_made),
		deflectedAt: str(r.deflected_at),
		deflectedTo: str(r.deflected_to),
		missedAt: str(r.missed_at),
		transcript: str(r.transcript),
		intent: str(r.intent),
	};
}

/**
 * What makes one event of a call distinct from a redelivery of it: a waiting call reports its
 * time in the queue on every turn, every other kind happens once per call (a menu choice once
 * per key pressed at that point of the menu).
 */
function eventKey(e: CallEvent, ivrDepth: number): string {
	const which = e.kind === 'waiting' ? String(e.waitedSeconds ?? 0) : e.kind === 'ivr' ? `${ivrDepth}:${e.choice}` : '';
	return [e.platform, e.account, e.callId, e.kind, which].join('|');
}

/** The caller's card: the one their number finds (a verified messenger identity first), else a new one holding the number. */
async function callerCard(db: Db, from: string, at: string): Promise<number | null> {
	const digits = normalisePhone(from);
	if (!digits) return null;
	const found = await findCustomerId(db, { by: 'phone', phone: digits });
	if (found !== null) return found;
	const card = await customersTable(db).insert({ name: null, phone: `+${digits}`, email: null, language: null, fields: {} }, at);
	return card.id;
}

/**
 * Records one call event on its call (opening the call on the card if it is new), once per event,
 * with the offers the caller has had by now (counted where the answer was made, before this).
 */
export function recordCallEvent(db: Db, event: CallEvent, offersMade?: number): Promise<RecordedEvent> {
	return db.transaction(async (tx) => {
		const key = [event.platform, event.account, event.callId];
		let [row] = await tx.query('SELECT * FROM calls WHERE platform = ? AND account = ? AND call_id = ?', key);
		if (!row) {
			const customerId = await callerCard(tx, event.from, event.at);
			[row] = await tx.query(
				`INSERT INTO calls (platform, account, call_id, customer_id, from_number, verified_caller, started_at)
				 VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
				[...key, customerId, event.from, event.verifiedCaller ? 1 : 0, event.at],
			);
		}
		const call = toCallRecord(row);
		const inserted = await tx.query(
			'INSERT INTO call_events (call_row_id, event_key, kind, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (event_key) DO NOTHING RETURNING id',
			[call.id, eventKey(event, call.ivrPath.length), event.kind, event.at],
		);
		const offers: Array<[string, unknown]> = offersMade !== undefined && offersMade > call.offersMade ? [['offers_made', offersMade]] : [];
		const fresh = inserted.length > 0;
		const changes = [...(fresh ? changesFor(event, call) : []), ...offers];
		if (!changes.length) return { event, fresh, call };
		await tx.query(`UPDATE calls SET ${changes.map(([column]) => `${column} = ?`).join(', ')} WHERE id = ?`, [...changes.map(([, v]) => v), call.id]);
		const [updated] = await tx.query('SELECT * FROM calls WHERE id = ?', [call.id]);
		return { event, fresh, call: toCallRecord(updated) };
	});
}

function changesFor(e: CallEvent, call: CallRecord): Array<[string, unknown]> {
	switch (e.kind) {
		case 'ivr':
			return [['ivr_path', JSON.stringify([...call.ivrPath, e.choice ?? ''])]];
		case 'waiting':
			return [['waited_seconds', Math.max(call.waitedSeconds ?? 0, e.waitedSeconds ?? 0)]];
		case 'answered':
			return [['answered_at', e.at], ['answered_by', e.answeredBy ?? null]];
		case 'ended':
			return [['ended_at', e.at], ['duration_seconds', e.durationSeconds ?? null], ...(e.answeredBy ? ([['answered_by', e.answeredBy]] as Array<[string, unknown]>) : [])];
		case 'missed':
			return [['missed_at', e.at], ['ended_at', e.at], ...(e.waitedSeconds !== undefined ? ([['waited_seconds', e.waitedSeconds]] as Array<[string, unknown]>) : [])];
		case 'offerAccepted':
			return [['deflected_at', e.at]];
		case 'handoff':
			return [['transcript', e.transcript ?? null], ['intent', e.intent ?? null]];
		case 'started':
			return [];
	}
}

/** The call's card, made now for a caller who gave no number: a person is about to take the call and needs one. */
export async function cardOfCall(db: Db, call: CallRecord): Promise<number> {
	if (call.customerId !== null) return call.customerId;
	const card = await customersTable(db).insert({ name: null, phone: null, email: null, language: null, fields: {} }, call.startedAt);
	await db.query('UPDATE calls SET customer_id = ? WHERE id = ?', [card.id, call.id]);
	return card.id;
}

export async function markDeflected(db: Db, callRowId: number, channel: string): Promise<void> {
	await db.query('UPDATE calls SET deflected_to = ? WHERE id = ?', [channel, callRowId]);
}

/** The customer's calls (and those of cards merged into theirs), newest first: for the card and the desk. */
export async function callsOf(db: Db, customerId: number, limit = 20): Promise<CallRecord[]> {
	const rows = await db.query(`SELECT * FROM calls WHERE customer_id IN ${SAME_CUSTOMER_IDS} ORDER BY started_at DESC, id DESC LIMIT ?`, [customerId, customerId, limit]);
	return rows.map(toCallRecord);
}

export async function findCall(db: Db, platform: string, account: string, callId: string): Promise<CallRecord | null> {
	const [row] = await db.query('SELECT * FROM calls WHERE platform = ? AND account = ? AND call_id = ?', [platform, account, callId]);
	return row ? toCallRecord(row) : null;
}

/** Phone calls of a period as the Topics report counts them: how many, answered, missed, and taken to a chat instead (by channel). */
export interface CallCounts {
	total: number;
	answered: number;
	missed: number;
	deflected: number;
	/** Deflected of all calls: the share of phone traffic moved to the chats. */
	deflectedShare: number | null;
	deflectedTo: Record<string, number>;
}

export async function callCounts(db: Db, [from, to]: [string, string]): Promise<CallCounts> {
	const rows = await db.query<{ answered: unknown; missed: unknown; deflected_to: unknown; n: unknown }>(
		`SELECT answered_at IS NOT NULL AS answered, missed_at IS NOT NULL AS missed, deflected_to, count(*) AS n
		 FROM calls WHERE started_at >= ? AND started_at < ? GROUP BY 1, 2, 3`,
		[from, to],
	);
	const counts: CallCounts = { total: 0, answered: 0, missed: 0, deflected: 0, deflectedShare: null, deflectedTo: {} };
	for (const r of rows) {
		const n = Number(r.n);
		counts.total += n;
		if (r.answered === true || Number(r.answered) === 1) counts.answered += n;
		if (r.missed === true || Number(r.missed) === 1) counts.missed += n;
		if (r.deflected_to !== null) {
			counts.deflected += n;
			counts.deflectedTo[String(r.deflected_to)] = (counts.deflectedTo[String(r.deflected_to)] ?? 0) + n;
		}
	}
	counts.deflectedShare = counts.total ? Number((counts.deflected / counts.total).toFixed(4)) : null;
	return counts;
}

