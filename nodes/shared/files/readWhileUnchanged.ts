import { statSync } from 'node:fs';

/**
 * What `read` made of a file, reused while the file keeps its modification time and size: nodes
 * run once per message, and re-reading and re-parsing an unchanged file (a knowledge base, a menu,
 * training examples) on every execution cost more than the work it feeds. An edit shows at the
 * next use. `variant` tells apart readings of one file made differently (other columns).
 * Callers share the value and must not change it. Bounded: the oldest reading goes first.
 */
const readings = new Map<string, unknown>();
const READINGS_LIMIT = 32;

export function readWhileUnchanged<T>(path: string, variant: string, read: () => T): T {
	const { mtimeMs, size } = statSync(path);
	const key = JSON.stringify([path, variant, mtimeMs, size]);
	if (readings.has(key)) return readings.get(key) as T;
	const value = read();
	if (readings.size >= READINGS_LIMIT) readings.delete(readings.keys().next().value!);
	readings.set(key, value);
	return value;
}
