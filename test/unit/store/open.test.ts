import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { closeAllStores, defaultSqliteFile, openStore } from '../../../nodes/shared/store';
import { numberPlaceholders } from '../../../nodes/shared/store/db/postgres';

describe('opening the store', () => {
	const userFolder = mkdtempSync(join(tmpdir(), 'cc-n8n-'));
	const before = process.env.N8N_USER_FOLDER;

	afterAll(async () => {
		await closeAllStores();
		process.env.N8N_USER_FOLDER = before;
		rmSync(userFolder, { recursive: true, force: true });
	});

	test('a credential without a file puts the SQLite store beside n8n’s own database', async () => {
		process.env.N8N_USER_FOLDER = userFolder;
		expect(defaultSqliteFile()).toBe(join(userFolder, '.n8n', 'contact-center.sqlite'));

		const store = await openStore({ backend: 'sqlite', file: '' });
		expect(existsSync(join(userFolder, '.n8n', 'contact-center.sqlite'))).toBe(true);
		expect(await openStore({ backend: 'sqlite', file: defaultSqliteFile() })).toBe(store);
	});

	test('a schema name that is not a plain identifier is refused before it reaches SQL', async () => {
		await expect(
			openStore({ backend: 'postgres', host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres', schema: 'x; DROP TABLE y' }),
		).rejects.toThrow(/not allowed/);
	});

	test('a failed open is not remembered: the next call tries again', async () => {
		const blocked = join(userFolder, 'a-file');
		writeFileSync(blocked, '');
		const config = { backend: 'sqlite' as const, file: join(blocked, 'store.sqlite') };
		const first = openStore(config);
		await expect(first).rejects.toThrow();
		const second = openStore(config);
		expect(second).not.toBe(first);
		await expect(second).rejects.toThrow();
	});
});

describe('PostgreSQL placeholders', () => {
	test('question marks become $n, except inside literals, quoted names and comments', () => {
		expect(
			numberPlaceholders(`SELECT '?', "a?" FROM t -- why?\nWHERE a = ? /* ? */ AND b = 'it''s ?' AND c IN (?, ?)`),
		).toBe(`SELECT '?', "a?" FROM t -- why?\nWHERE a = $1 /* ? */ AND b = 'it''s ?' AND c IN ($2, $3)`);
	});
});
