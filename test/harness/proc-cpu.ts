/**
 * CPU time of the machine's processes from Linux /proc, for the benches' cost figures: n8n's
 * process groups (n8n-process.ts) and the PostgreSQL and Redis servers (scripts/lib/sizing.ts).
 * Apart from n8n-process.ts so that a bench that starts no n8n loads none of its harness.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks a second in /proc's counters: USER_HZ, 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

/**
 * User and system CPU seconds used so far by every live process of the machine, summed under the
 * key `bucket` gives it (processes it gives none are left out). Linux /proc: a process that ended
 * takes its count along.
 */
export function cpuSecondsBy<K extends string>(bucket: (process: { command: string; processGroup: number }) => K | undefined): Record<K, number> {
	const seconds = {} as Record<K, number>;
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		let stat: string;
		try {
			stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
		} catch {
			continue; // the process ended while the list was read
		}
		// The command name may hold spaces; after it, state is field 3, pgrp 5, utime 14, stime 15.
		const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const key = bucket({ command, processGroup: Number(fields[2]) });
		if (key !== undefined) seconds[key] = (seconds[key] ?? 0) + (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
	}
	return seconds;
}
