import type { Db } from '../store/types';

/** What supervisors are told about: an attack in progress, not a single mistyped password. */
export type AlertKind = 'link-code-guessing' | 'password-spraying';

export interface SecurityAlert {
	id: number;
	kind: AlertKind;
	detail: string;
	raisedAt: string;
}

/**
 * Raises an alert for supervisors, once per kind within `quietMinutes`: an attack that goes on
 * raises one alert, not one per attempt. Returns whether this call raised it.
 */
export async function raiseAlert(db: Db, kind: AlertKind, detail: string, at: Date, quietMinutes: number): Promise<boolean> {
	const since = new Date(at.getTime() - quietMinutes * 60_000).toISOString();
	const recent = await db.query('SELECT id FROM security_alerts WHERE kind = ? AND raised_at > ?', [kind, since]);
	if (recent.length) return false;
	await db.query('INSERT INTO security_alerts (kind, detail, raised_at) VALUES (?, ?, ?)', [kind, detail, at.toISOString()]);
	return true;
}

/** Alerts no supervisor has marked seen, newest first. */
export async function openAlerts(db: Db): Promise<SecurityAlert[]> {
	const rows = await db.query('SELECT id, kind, detail, raised_at FROM security_alerts WHERE seen_at IS NULL ORDER BY raised_at DESC, id DESC');
	return rows.map((r) => ({ id: Number(r.id), kind: r.kind as AlertKind, detail: String(r.detail), raisedAt: new Date(String(r.raised_at)).toISOString() }));
}
