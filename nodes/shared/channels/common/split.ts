/**
 * Splits a text longer than a channel's limit into parts that each fit, cutting at the last
 * paragraph, line, sentence or word break inside the limit, so that nothing is truncated.
 * `measure` lets byte-limited channels (Instagram: 1000 UTF-8 bytes) count bytes instead of chars.
 */
export function splitText(
	text: string,
	limit: number,
	measure: (s: string) => number = (s) => s.length,
): string[] {
	if (measure(text) <= limit) return [text];
	const parts: string[] = [];
	let rest = text;
	while (measure(rest) > limit) {
		const cut = cutPoint(rest, limit, measure);
		parts.push(rest.slice(0, cut).trimEnd());
		rest = rest.slice(cut).trimStart();
	}
	if (rest) parts.push(rest);
	return parts;
}

const BREAKS = [/\n\n/g, /\n/g, /[.!?…]\s/g, /\s/g];

function cutPoint(text: string, limit: number, measure: (s: string) => number): number {
	let fit = fittingLength(text, limit, measure);
	for (const pattern of BREAKS) {
		let best = -1;
		for (const m of text.slice(0, fit).matchAll(pattern)) best = m.index + m[0].length;
		// A break in the first third would leave a stub of a part; look for a weaker break instead.
		if (best > fit / 3) return best;
	}
	// No break at all (a long URL, say): cut inside, but never through a surrogate pair.
	if (/[\uD800-\uDBFF]/.test(text[fit - 1] ?? '')) fit -= 1;
	return fit;
}

/** The longest prefix length whose measure fits the limit. */
function fittingLength(text: string, limit: number, measure: (s: string) => number): number {
	if (measure(text.slice(0, limit)) <= limit) return Math.min(limit, text.length);
	let lo = 0;
	let hi = Math.min(limit, text.length);
	while (lo < hi) {
		const mid = Math.ceil((lo + hi) / 2);
		if (measure(text.slice(0, mid)) <= limit) lo = mid;
		else hi = mid - 1;
	}
	return lo;
}
