import type { Channel } from '../envelope';
import type { Db, Row } from '../store';
import { iso, now, one } from '../store/rows';
import type { NotifyKind, NotifySettings, Progress, RecipientOutcome, RecipientState } from './types';

export interface Campaign {
	id: number;
	key: string;
	kind: NotifyKind;
	status: 'running' | 'done';
	createdAt: string;
	/** As its last run was given them: what a later run with no node of its own (sendDue) sends by. */
	settings: NotifySettings;
}

/** A recipient row as the runner works on it. */
export interface RecipientRow {
	id: number;
	key: string;
	customerId: number | null;
	variables: Record<string, unknown>;
	state: RecipientState;
	channel: Channel | null;
	messageId: number | null;
	reason: string | null;
	/** Past this the notice is not sent (stale.ts); null: it never goes stale. */
	validUntil: Date | null;
}

const toCampaign = (r: Row): Campaign => ({
	id: Number(r.id),
	key: String(r.campaign_key),
	kind: r.kind as NotifyKind,
	status: r.status as Campaign['status'],
	createdAt: iso(r.created_at),
	settings: JSON.parse(String(r.settings)) as NotifySettings,
});

const toRecipient = (r: Row): RecipientRow => ({
	id: Number(r.id),
	key: String(r.recipient_key),
	customerId: r.customer_id === null ? null : Number(r.customer_id),
	variables: JSON.parse(String(r.variables)) as Record<string, unknown>,
	state: r.state as RecipientState,
	channel: (r.channel as Channel | null) ?? null,
	messageId: r.message_id === null ? null : Number(r.message_id),
	reason: r.reason === null ? null : String(r.reason),
	validUntil: r.valid_until === null ? null : new Date(iso(r.valid_until)),
});

export const toOutcome = (r: Row): RecipientOutcome => ({
	recipientId: Number(r.id),
	key: String(r.recipient_key),
	customerId: r.customer_id === null ? null : Number(r.customer_id),
	state: r.state as RecipientState,
	channel: (r.channel as Channel | null) ?? null,
	reason: r.reason === null ? null : String(r.reason),
	notBefore: r.not_before === null ? null : iso(r.not_before),
	validUntil: r.valid_until === null ? null : iso(r.valid_until),
	messageId: r.message_id === null ? null : Number(r.message_id),
	externalIds: r.external_ids ? (JSON.parse(String(r.external_ids)) as string[]) : [],
});

/** The campaign under `key`, created on first use; a later run of the same key continues it. */
export async function openCampaign(db: Db, key: string, settings: NotifySettings): Promise<Campaign> {
	const at = now();
	await db.query(
		`INSERT INTO campaigns (campaign_key, kind, settings, status, created_at, updated_at) VALUES (?, ?, ?, 'running', ?, ?)
		 ON CONFLICT (campaign_key) DO UPDATE SET settings = excluded.settings, status = 'running', updated_at = excluded.updated_at`,
		[key, settings.kind, JSON.stringify(settings), at, at],
	);
	return findCampaign(db, key) as Promise<Campaign>;
}

/** A campaign by its key or its id. */
export async function findCampaign(db: Db, keyOrId: string | number): Promise<Campaign | null> {
	const column = typeof keyOrId === 'number' ? 'id' : 'campaign_key';
	const rows = await db.query(`SELECT * FROM campaigns WHERE ${column} = ?`, [keyOrId]);
	return rows.length ? toCampaign(rows[0]) : null;
}

export interface NewRecipient {
	key: string;
	customerId: number | null;
	variables: Record<string, unknown>;
	/** Set for recipients that cannot be sent to at all (no such customer): recorded skipped with the reason. */
	skipReason?: string;
	/** What the notice is about, for a newer one to replace it (stale.ts). */
	subject?: string;
}

/** Rows per INSERT statement: 100 × 10 parameters stays far below SQLite's and PostgreSQL's limits. */
const INSERT_ROWS = 100;

/**
 * Adds recipients once: a key already in the campaign keeps its row, state, variables and validity
 * (a notice is worth sending until `validUntil`, counted from when it was first queued). Returns the
 * ids of the rows added with a subject: the new notices that may replace older ones (stale.ts).
 */
export async function addRecipients(db: Db, campaignId: number, recipients: NewRecipient[], validUntil: Date | null = null): Promise<number[]> {
	const BATCH = 500;
	const withSubject: number[] = [];
	for (let i = 0; i < recipients.length; i += BATCH) {
		await db.transaction(async (tx) => {
			const at = now();
			const batch = recipients.slice(i, i + BATCH);
			for (let j = 0; j < batch.length; j += INSERT_ROWS) {
				const rows = batch.slice(j, j + INSERT_ROWS);
				const added = await tx.query(
					`INSERT INTO campaign_recipients (campaign_id, recipient_key, customer_id, variables, state, reason, subject, valid_until, created_at, updated_at)
					 VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} ON CONFLICT (campaign_id, recipient_key) DO NOTHING RETURNING id, subject`,
					rows.flatMap((r) => [
						campaignId,
						r.key,
						r.customerId,
						JSON.stringify(r.variables),
						r.skipReason ? 'skipped' : 'pending',
						r.skipReason ?? null,
						r.subject || null,
						validUntil ? validUntil.toISOString() : null,
						at,
						at,
					]),
				);
				withSubject.push(...added.filter((r) => r.subject !== null).map((r) => Number(r.id)));
			}
		});
	}
	return withSubject;
}

/** The next recipients due, after `afterId`, oldest first: pending ones and deferred ones whose time has come. */
export async function dueRecipients(db: Db, campaignId: number, afterId: number, limit: number, at: Date): Promise<RecipientRow[]> {
	const rows = await db.query(
		`SELECT * FROM campaign_recipients WHERE campaign_id = ? AND id > ?
		 AND (state = 'pending' OR (state = 'deferred' AND not_before <= ?)) ORDER BY id LIMIT ?`,
		[campaignId, afterId, at.toISOString(), limit],
	);
	return rows.map(toRecipient);
}

/**
 * Campaigns with a send due at `at`, oldest first: recipients deferred until then (quiet hours, a
 * passing failure), pending ones a stopped run left, and claimed or sending ones whose run may have
 * died (holding the campaign tells a live run's from those).
 */
export async function dueCampaigns(db: Db, at: Date): Promise<number[]> {
	const rows = await db.query(
		`SELECT DISTINCT r.campaign_id FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id
		 WHERE c.status = 'running' AND (r.state IN ('pending', 'claimed', 'sending') OR (r.state = 'deferred' AND r.not_before <= ?))
		 ORDER BY r.campaign_id`,
		[at.toISOString()],
	);
	return rows.map((r) => Number(r.campaign_id));
}

export async function recipientsIn(db: Db, campaignId: number, state: RecipientState): Promise<RecipientRow[]> {
	const rows = await db.query('SELECT * FROM campaign_recipients WHERE campaign_id = ? AND state = ? ORDER BY id', [campaignId, state]);
	return rows.map(toRecipient);
}

/**
 * Moves a recipient to a final or waiting state, keeping the channel and message of its last
 * attempt. A superseded one stays so: a newer notice replaced it from outside the campaign's hold
 * (stale.ts), and the run that planned it before must not bring it back.
 */
export async function settle(
	db: Db,
	id: number,
	state: Exclude<RecipientState, 'claimed' | 'sending'>,
	details: { reason?: string | null; notBefore?: Date | null; externalIds?: string[]; channel?: Channel | null; messageId?: number | null } = {},
): Promise<void> {
	const at = now();
	await db.query(
		`UPDATE campaign_recipients SET state = ?, reason = ?, not_before = ?, external_ids = ?,
		 channel = COALESCE(?, channel), message_id = CASE WHEN ? THEN ? ELSE message_id END,
		 sent_at = ?, updated_at = ? WHERE id = ? AND state <> 'superseded'`,
		[
			state,
			details.reason ?? null,
			details.notBefore ? details.notBefore.toISOString() : null,
			details.externalIds ? JSON.stringify(details.externalIds) : null,
			details.channel ?? null,
			details.messageId !== undefined,
			details.messageId ?? null,
			state === 'sent' ? at : null,
			at,
			id,
		],
	);
}

/** Sent and failed/skipped/… counts of a campaign, read from the store: accurate while it runs. */
export async function progressOf(db: Db, campaignId: number): Promise<Progress> {
	const rows = await db.query<{ state: string; n: unknown }>(
		'SELECT state, COUNT(*) AS n FROM campaign_recipients WHERE campaign_id = ? GROUP BY state',
		[campaignId],
	);
	const count = (state: string) => Number(rows.find((r) => r.state === state)?.n ?? 0);
	const progress: Progress = {
		sent: count('sent'),
		failed: count('failed'),
		skipped: count('skipped'),
		deferred: count('deferred'),
		claimed: count('claimed'),
		sending: count('sending'),
		unknown: count('unknown'),
		expired: count('expired'),
		superseded: count('superseded'),
		remaining: count('pending') + count('claimed') + count('sending'),
		total: rows.reduce((sum, r) => sum + Number(r.n), 0),
	};
	return progress;
}

export async function outcomesOf(db: Db, campaignId: number, ids?: number[]): Promise<RecipientOutcome[]> {
	const rows = await db.query('SELECT * FROM campaign_recipients WHERE campaign_id = ? ORDER BY id', [campaignId]);
	const wanted = ids && new Set(ids);
	return rows.filter((r) => !wanted || wanted.has(Number(r.id))).map(toOutcome);
}

/** Promotional (or all) messages a customer was sent since `since`, across campaigns, for the frequency cap. */
export async function sentSince(db: Db, customerId: number, since: Date, kind: NotifyKind | 'all'): Promise<number> {
	const rows = await db.query<{ n: unknown }>(
		`SELECT COUNT(*) AS n FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id
		 WHERE r.customer_id = ? AND r.state = 'sent' AND r.sent_at >= ? AND (? = 'all' OR c.kind = ?)`,
		[customerId, since.toISOString(), kind, kind],
	);
	return Number(one(rows, 'Sent count').n);
}

export async function markCampaignDone(db: Db, campaignId: number): Promise<void> {
	await db.query(
		`UPDATE campaigns SET status = 'done', updated_at = ? WHERE id = ? AND NOT EXISTS (
		 SELECT 1 FROM campaign_recipients WHERE campaign_id = ? AND state IN ('pending', 'claimed', 'sending', 'deferred'))`,
		[now(), campaignId, campaignId],
	);
}
