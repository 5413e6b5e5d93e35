/*
 * Vega lays out labels and titles by their width. Without a canvas in Node it guesses 0.8 of
 * the font size for every character, which cuts titles short and leaves wide gaps beside the
 * axes. This guess follows DejaVu Sans, the font the PNGs are drawn with (chars' advance in em),
 * erring wide so that nothing drawn overflows what was laid out.
 */
const NARROW = new Set("ilj.,:;'|!I");
const SLIM = new Set('frt()[]-/ ');
const WIDE = new Set('mwMW%@—щшжюыЩШЖЮЫ');

function em(char: string): number {
	if (NARROW.has(char)) return 0.3;
	if (SLIM.has(char)) return 0.42;
	if (WIDE.has(char)) return 1;
	if (char >= '0' && char <= '9') return 0.66;
	if (char !== char.toLowerCase()) return 0.76;
	return 0.64;
}

/** The width in pixels Vega should plan for `text` in this text item's font. */
export function textWidth(item: { fontSize?: number; fontWeight?: string | number }, text: unknown): number {
	const size = item.fontSize ?? 11;
	const bold = item.fontWeight === 'bold' || Number(item.fontWeight) >= 600 ? 1.1 : 1;
	let width = 0;
	for (const char of String(text ?? '')) width += em(char);
	return Math.ceil(width * size * bold);
}
