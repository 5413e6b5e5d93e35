const QUOTED = /^\s*>/;
/** "On Mon, 3 Jun 2024 at 10:00, Anna <anna@example.com> wrote:", which clients may fold over two lines. */
const ATTRIBUTION_END = /\bwrote:\s*$/i;
const ATTRIBUTION_START = /^\s*On\s/;

/**
 * The customer's own words without the history their client quoted under them: lines starting
 * with '>' and the "On … wrote:" line that introduces them. Only that, because guessing at other
 * clients' formats risks cutting what the customer wrote; when nothing would be left (a forwarded
 * quote, say) the text is kept whole.
 */
export function stripQuotedReply(text: string): string {
	const lines = text.replace(/\r\n/g, '\n').split('\n');
	const kept: string[] = [];
	for (let i = 0; i < lines.length; i++) {
		if (QUOTED.test(lines[i])) continue;
		const attribution = attributionLength(lines, i);
		if (attribution) {
			i += attribution - 1;
			continue;
		}
		kept.push(lines[i]);
	}
	const own = kept.join('\n').trim();
	return own || text.trim();
}

/** How many lines an attribution at `i` spans (0 when there is none): it must introduce a quote. */
function attributionLength(lines: string[], i: number): number {
	if (!ATTRIBUTION_START.test(lines[i])) return 0;
	for (const span of [1, 2]) {
		if (!ATTRIBUTION_END.test(lines[i + span - 1] ?? '')) continue;
		let next = i + span;
		while (next < lines.length && !lines[next].trim()) next++;
		return next < lines.length && QUOTED.test(lines[next]) ? span : 0;
	}
	return 0;
}
