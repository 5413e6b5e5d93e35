import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

import type { Db } from '../store';

/**
 * One runner at a time per campaign. Runs of one campaign can meet: its own schedule, the order
 * system retrying a single notice, the schedule that sends what is due. Two at once would each
 * take the other's in-flight sends for a crashed run's (recover.ts) and send them again. So a run
 * holds the campaign while it works, renewing the hold as it goes; a run that finds it held sends
 * nothing. A hold that is not renewed runs out, so a runner that died on another machine holds the
 * campaign for a minute at most; one that died on this machine (its process is gone) at once.
 */
const HOLD_MS = 60_000;
const RENEW_MS = 15_000;

export interface Hold {
	/** Set when the hold was lost (renewal failed for longer than it lasts): the run stops handing out sends. */
	readonly lost: boolean;
	release(): Promise<void>;
}

const until = () => new Date(Date.now() + HOLD_MS).toISOString();

/** A holder that was a process of this machine which no longer runs. */
function diedHere(holder: string): boolean {
	const [host, pid] = holder.split('/');
	if (host !== hostname() || !/^\d+$/.test(pid ?? '') || Number(pid) === process.pid) return false;
	try {
		process.kill(Number(pid), 0);
		return false;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'ESRCH';
	}
}

/** Holds the campaign for this run, or null when another live runner holds it. */
export async function holdCampaign(db: Db, campaignId: number): Promise<Hold | null> {
	const me = `${hostname()}/${process.pid}/${randomUUID()}`;
	const take = async (free: string, params: unknown[]) =>
		(await db.query(`UPDATE campaigns SET runner = ?, runner_until = ? WHERE id = ? AND (${free}) RETURNING id`, [me, until(), campaignId, ...params])).length > 0;
	let held = await take('runner IS NULL OR runner_until < ?', [new Date().toISOString()]);
	if (!held) {
		const [row] = await db.query('SELECT runner FROM campaigns WHERE id = ?', [campaignId]);
		const holder = row?.runner === null || row?.runner === undefined ? null : String(row.runner);
		if (holder !== null && diedHere(holder)) held = await take('runner = ?', [holder]);
	}
	if (!held) return null;

	let lost = false;
	let renewedMs = Date.now();
	const renew = async () => {
		try {
			const kept = await db.query('UPDATE campaigns SET runner_until = ? WHERE id = ? AND runner = ? RETURNING id', [until(), campaignId, me]);
			if (kept.length) renewedMs = Date.now();
			else lost = true;
		} catch {
			// A store that does not answer for a while costs the hold only once it has run out.
			if (Date.now() - renewedMs >= HOLD_MS) lost = true;
		}
	};
	const timer = setInterval(() => void renew(), RENEW_MS);
	timer.unref();
	return {
		get lost() {
			return lost;
		},
		async release() {
			clearInterval(timer);
			await db.query('UPDATE campaigns SET runner = NULL, runner_until = NULL WHERE id = ? AND runner = ?', [campaignId, me]);
		},
	};
}
