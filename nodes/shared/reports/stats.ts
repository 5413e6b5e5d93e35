/**
 * The q-quantile by linear interpolation between closest ranks (PostgreSQL's percentile_cont),
 * computed here because SQLite has none. Null for no values.
 */
export function quantile(values: readonly number[], q: number): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const position = (sorted.length - 1) * q;
	const low = Math.floor(position);
	const high = Math.ceil(position);
	return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

export const round = (value: number, digits = 2): number => {
	const scale = 10 ** digits;
	return Math.round(value * scale) / scale;
};

/** part / whole rounded, or null where the whole is missing or zero (a share of nothing is not 0 %). */
export const ratio = (part: number | null, whole: number | null, digits = 2): number | null =>
	part === null || whole === null || whole === 0 ? null : round(part / whole, digits);

export const seconds = (ms: number | null): number | null => (ms === null ? null : round(ms / 1000, 1));

/** Counts keyed by label, highest first (ties by label), as `{label, count}` rows. */
export function ranked(counts: Map<string, number>, limit: number): Array<{ label: string; count: number }> {
	return [...counts]
		.map(([label, count]) => ({ label, count }))
		.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
		.slice(0, limit);
}

export function increment(counts: Map<string, number>, key: string, by = 1): void {
	counts.set(key, (counts.get(key) ?? 0) + by);
}
