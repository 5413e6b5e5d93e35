import type { UidWatermarks } from '../channels/email/watermark';
import { now } from './rows';
import type { Db } from './types';

/**
 * E-mail UID watermarks in the store (table from migration 7). A write under a new UIDVALIDITY
 * replaces the mark; under the same one it only ever raises it, in one statement, so that two
 * polls finishing out of order leave the higher mark.
 */
export function emailWatermarks(db: Db): UidWatermarks {
	return {
		async get(mailbox) {
			const rows = await db.query('SELECT uid_validity, last_uid FROM email_watermarks WHERE mailbox = ?', [mailbox]);
			return rows.length ? { uidValidity: Number(rows[0].uid_validity), lastUid: Number(rows[0].last_uid) } : null;
		},
		async set(mailbox, { uidValidity, lastUid }) {
			await db.query(
				`INSERT INTO email_watermarks (mailbox, uid_validity, last_uid, updated_at) VALUES (?, ?, ?, ?)
				 ON CONFLICT (mailbox) DO UPDATE SET
				 last_uid = CASE WHEN email_watermarks.uid_validity = excluded.uid_validity
					AND email_watermarks.last_uid > excluded.last_uid THEN email_watermarks.last_uid ELSE excluded.last_uid END,
				 uid_validity = excluded.uid_validity,
				 updated_at = excluded.updated_at`,
				[mailbox, uidValidity, lastUid, now()],
			);
		},
	};
}
