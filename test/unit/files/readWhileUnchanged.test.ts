import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { readWhileUnchanged } from '../../../nodes/shared/files/readWhileUnchanged';

describe('a file a node reads on every message', () => {
	const dir = mkdtempSync(join(tmpdir(), 'cc-read-'));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('is read once while it is unchanged, and again once ops staff edit it', () => {
		const file = join(dir, 'topics.csv');
		writeFileSync(file, 'text,label\nwhere is my order,order_status\n');
		let reads = 0;
		const read = () => readWhileUnchanged(file, 'columns', () => ++reads);
		expect([read(), read(), read()]).toEqual([1, 1, 1]);

		writeFileSync(file, 'text,label\nwhere is my order,delivery\n');
		utimesSync(file, new Date(), new Date(Date.now() + 5000));
		expect(read()).toBe(2);
		expect(read()).toBe(2);
	});

	it('is read separately for each way of reading it', () => {
		const file = join(dir, 'kb.csv');
		writeFileSync(file, 'q,a\n');
		expect(readWhileUnchanged(file, 'one', () => 'one')).toBe('one');
		expect(readWhileUnchanged(file, 'two', () => 'two')).toBe('two');
	});
});
