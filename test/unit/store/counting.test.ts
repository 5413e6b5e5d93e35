import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { closeAllStores, COUNT_DIR_VARIABLE, countingDb, countsByRole, openSqliteDb, openStore } from '../../../nodes/shared/store';

const folder = mkdtempSync(join(tmpdir(), 'cc-counting-'));
const before = process.env[COUNT_DIR_VARIABLE];
const flushed = () => new Promise((wake) => setTimeout(wake, 1200));

afterAll(async () => {
	await closeAllStores();
	if (before === undefined) delete process.env[COUNT_DIR_VARIABLE];
	else process.env[COUNT_DIR_VARIABLE] = before;
	rmSync(folder, { recursive: true, force: true });
});

describe('the counting Db', () => {
	test('a statement is one round trip; a transaction adds its BEGIN and its COMMIT or ROLLBACK', async () => {
		const db = await openSqliteDb(':memory:');
		const counted = countingDb(db);
		await counted.db.query('CREATE TABLE t (n INTEGER)');
		expect(counted.counts).toEqual({ statements: 1, roundTrips: 1, transactions: 0 });

		await counted.db.transaction(async (tx) => {
			await tx.query('INSERT INTO t VALUES (?)', [1]);
			await tx.query('INSERT INTO t VALUES (?)', [2]);
		});
		expect(counted.counts).toEqual({ statements: 5, roundTrips: 5, transactions: 1 });

		await expect(
			counted.db.transaction(async (tx) => {
				await tx.query('INSERT INTO t VALUES (?)', [3]);
				throw new Error('undo');
			}),
		).rejects.toThrow('undo');
		expect(counted.counts).toEqual({ statements: 8, roundTrips: 8, transactions: 2 });
		expect(await db.query('SELECT count(*) AS n FROM t')).toEqual([{ n: 2 }]);

		counted.reset();
		expect(counted.counts).toEqual({ statements: 0, roundTrips: 0, transactions: 0 });
		await db.close();
	});
});

describe(`${COUNT_DIR_VARIABLE}`, () => {
	const dir = join(folder, 'counts');

	test('unset, a store counts nothing and writes nothing', async () => {
		delete process.env[COUNT_DIR_VARIABLE];
		const store = await openStore({ backend: 'sqlite', file: join(folder, 'uncounted.sqlite') });
		await store.db.query('SELECT 1');
		await flushed();
		expect(() => readdirSync(dir)).toThrow();
	});

	test('set, the process writes its cumulative counts to <dir>/<role>-<pid>.json within a second', async () => {
		process.env[COUNT_DIR_VARIABLE] = dir;
		const store = await openStore({ backend: 'sqlite', file: join(folder, 'counted.sqlite') });
		await flushed();
		const files = readdirSync(dir);
		expect(files).toHaveLength(1);
		expect(files[0]).toMatch(new RegExp(`-${process.pid}\\.json$`));
		const [opened] = Object.values(countsByRole(dir));
		// Opening checked the migrations: that went through the counter too.
		expect(opened.statements).toBeGreaterThan(0);

		await store.db.query('SELECT 1');
		await store.db.transaction((tx) => tx.query('SELECT 2'));
		await flushed();
		const [now] = Object.values(countsByRole(dir));
		expect(now).toEqual({
			statements: opened.statements + 4,
			roundTrips: opened.roundTrips + 4,
			transactions: opened.transactions + 1,
		});
	});
});
