/**
 * RFC 4180 CSV: quoted fields may hold commas, line breaks and doubled quotes; CRLF or LF rows;
 * a leading BOM is ignored. Cells come back as the exact text: a cell such as `=cmd|' /C calc'!A0`
 * is data, never a formula (whoever writes CSV back out for a spreadsheet must escape it).
 */
export function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
	const endRow = () => {
		row.push(cell);
		cell = '';
		if (row.length > 1 || row[0] !== '') rows.push(row);
		row = [];
	};
	for (; i < text.length; i++) {
		const ch = text[i];
		if (quoted) {
			if (ch !== '"') cell += ch;
			else if (text[i + 1] === '"') {
				cell += '"';
				i++;
			} else quoted = false;
		} else if (ch === '"') quoted = true;
		else if (ch === ',') {
			row.push(cell);
			cell = '';
		} else if (ch === '\n') endRow();
		else if (ch === '\r') {
			if (text[i + 1] === '\n') i++;
			endRow();
		} else cell += ch;
	}
	if (quoted) throw new Error('CSV ends inside a quoted field');
	if (cell !== '' || row.length > 0) endRow();
	return rows;
}

/** Rows as objects keyed by the header row's names. */
export function parseCsvRecords(text: string): Record<string, string>[] {
	const [header, ...rows] = parseCsv(text);
	if (!header) return [];
	return rows.map((cells) => Object.fromEntries(header.map((name, c) => [name, cells[c] ?? ''])));
}

/** The reverse of parseCsv: every cell quoted, so commas, quotes and line breaks survive. */
export function formatCsv(rows: string[][]): string {
	return rows.map((cells) => cells.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(',')).join('\n') + '\n';
}
