import type { Db } from '../store';
import { now } from '../store/rows';
import { markCampaignDone } from './campaigns';
import { failPendingMessagesOf } from './claim';
import { readTime } from './readTime';
import type { NotifySettings } from './types';

/**
 * A held notice can stop being worth sending before its time comes: an offer whose validity is
 * over, an order status the order has moved on from. Such a notice is not sent late as if current;
 * it is recorded `expired` or `superseded`, with the reason, and counted in the campaign's progress.
 */

/** An offer rarely outlives the day it was made; a promotion that names no validity keeps a day from when it was queued. */
export const PROMOTION_VALID_HOURS = 24;

/**
 * How long past the time its campaign names a notice stays worth sending: an expected fix is often
 * late, and the notice of the fix replaces the outage's anyway.
 */
export const VALID_UNTIL_MARGIN_HOURS = 1;

/**
 * Until when a notice queued at `queuedAt` is worth sending, by its campaign's settings; null:
 * always. A `validUntil` that reads as a time still to come (readTime.ts, in the campaign's time
 * zone) wins, plus its margin; one that does not (empty, "soon", an expected fix already overdue)
 * leaves it to `validForHours`.
 */
export function validUntil(
	settings: Pick<NotifySettings, 'kind' | 'validForHours' | 'validUntil' | 'validUntilMarginHours' | 'defaultTimeZone'>,
	queuedAt: Date,
): Date | null {
	const named = settings.validUntil ? readTime(settings.validUntil, queuedAt, settings.defaultTimeZone) : null;
	if (named && named > queuedAt) return new Date(named.getTime() + (settings.validUntilMarginHours ?? VALID_UNTIL_MARGIN_HOURS) * 3600_000);
	const hours = settings.validForHours ?? (settings.kind === 'promotional' ? PROMOTION_VALID_HOURS : 0);
	return hours > 0 ? new Date(queuedAt.getTime() + hours * 3600_000) : null;
}

/** Why a notice valid until `until` was not sent: that time came first. */
export const lapsed = (until: Date) => `expired: valid until ${until.toISOString()}, not sent by then`;

/**
 * Why a notice valid until `until` is not to be sent at `at`, or null while it is still worth
 * sending. A wait (quiet hours) that lasts past its validity expires it now rather than at the end
 * of the wait: it could not go by then, and the campaign's counts show it at once.
 */
export function expiry(until: Date | null, at: Date, wait?: { notBefore: Date; reason: string }): string | null {
	if (!until) return null;
	if (at >= until) return lapsed(until);
	if (wait && wait.notBefore >= until) return `expired: valid until ${until.toISOString()}, and ${wait.reason} holds it until ${wait.notBefore.toISOString()}`;
	return null;
}

/** The states of a notice not yet handed to a channel. */
const REPLACEABLE = "('pending', 'deferred', 'claimed')";

/**
 * The newly queued notices `ids` replace the older ones not yet handed to a channel (pending,
 * deferred by quiet hours or a passing failure, or claimed by a runner and waiting for the
 * channel's turn) of the same customer about the same subject in campaigns of the same kind: the
 * customer gets only the newest, and the older are recorded superseded, naming the campaign that
 * replaced them. One already handed over (`sending`) may have reached the customer and is left to
 * its runner. A runner finds its claimed one superseded right before the call (markHanded), and one
 * about to claim finds it so too (the claim and `settle` respect that). The messages stored at the
 * claim are failed here as well, for a runner that died while its notice waited never will.
 */
export async function supersedeEarlier(db: Db, ids: number[]): Promise<void> {
	const CHUNK = 500;
	const campaigns = new Set<number>();
	for (let i = 0; i < ids.length; i += CHUNK) {
		const chunk = ids.slice(i, i + CHUNK);
		const older = await db.query(
			`SELECT o.id, o.campaign_id, n.subject, c.campaign_key FROM campaign_recipients n
			 JOIN campaigns c ON c.id = n.campaign_id
			 JOIN campaign_recipients o ON o.customer_id = n.customer_id AND o.subject = n.subject AND o.id < n.id
			 JOIN campaigns oc ON oc.id = o.campaign_id AND oc.kind = c.kind
			 WHERE n.id IN (${chunk.map(() => '?').join(', ')}) AND o.state IN ${REPLACEABLE}
			 ORDER BY n.id DESC`,
			chunk,
		);
		// Newest first: an older notice replaced by several new ones names the newest campaign.
		const reasons = new Map<number, string>();
		for (const row of older) {
			if (!reasons.has(Number(row.id))) {
				reasons.set(Number(row.id), `superseded: a newer notice about ${JSON.stringify(String(row.subject))} (campaign ${String(row.campaign_key)}) was queued for the customer`);
			}
		}
		if (!reasons.size) continue;
		const replaced = await db.query(
			`WITH t (id, reason) AS (VALUES ${[...reasons].map(() => '(CAST(? AS BIGINT), CAST(? AS TEXT))').join(', ')})
			 UPDATE campaign_recipients SET state = 'superseded', reason = t.reason, not_before = NULL, updated_at = ?
			 FROM t WHERE campaign_recipients.id = t.id AND campaign_recipients.state IN ${REPLACEABLE}
			 RETURNING campaign_recipients.id, campaign_recipients.campaign_id, campaign_recipients.message_id`,
			[...[...reasons].flat(), now()],
		);
		for (const row of replaced) campaigns.add(Number(row.campaign_id));
		const withMessage = replaced.filter((row) => row.message_id !== null).map((row) => Number(row.id));
		if (withMessage.length) await db.query(failPendingMessagesOf('campaign_recipients', `w.id IN (${withMessage.map(() => '?').join(', ')})`), [now(), ...withMessage]);
	}
	// A campaign whose last waiting notice was replaced has nothing left to send.
	for (const id of campaigns) await markCampaignDone(db, id);
}
