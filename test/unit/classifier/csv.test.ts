import { formatCsv, parseCsv, parseCsvRecords } from '../../../nodes/shared/classifier';

describe('reading labelled examples from CSV', () => {
	it('keeps commas, line breaks and doubled quotes inside quoted fields', () => {
		const text = 'text,label\r\n"Hello, where is ""my"" order?",order_status\n"line one\nline two",other\nplain,x\n';
		expect(parseCsv(text)).toEqual([
			['text', 'label'],
			['Hello, where is "my" order?', 'order_status'],
			['line one\nline two', 'other'],
			['plain', 'x'],
		]);
	});

	it('ignores a BOM and blank lines, and keeps empty cells', () => {
		expect(parseCsvRecords('\uFEFFtext,label\n\n"",empty\nno label,\n')).toEqual([
			{ text: '', label: 'empty' },
			{ text: 'no label', label: '' },
		]);
	});

	it('reads the last row without a trailing line break', () => {
		expect(parseCsv('a,b\n1,2')).toEqual([
			['a', 'b'],
			['1', '2'],
		]);
	});

	it('keeps formula-like cells as the exact text, never evaluated', () => {
		const rows = parseCsvRecords('text,label\n"=cmd|\' /C calc\'!A0",x\n"=HYPERLINK(""http://e.example"",""click"")",y\n@SUM(1+1),z\n');
		expect(rows.map((r) => r.text)).toEqual(["=cmd|' /C calc'!A0", '=HYPERLINK("http://e.example","click")', '@SUM(1+1)']);
	});

	it('refuses a file that ends inside a quoted field', () => {
		expect(() => parseCsv('text,label\n"never closed,x\n')).toThrow(/quoted/);
	});

	it('writes what it reads back unchanged', () => {
		const rows = [
			['text', 'label'],
			['a "quoted", multi\nline text', 'l1'],
			['=1+1', 'l2'],
		];
		expect(parseCsv(formatCsv(rows))).toEqual(rows);
	});
});
