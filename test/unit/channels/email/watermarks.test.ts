import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from 'pg';

import { migrate, openPostgresDb, openSqliteDb, type Db } from '../../../../nodes/shared/store';
import { emailWatermarks } from '../../../../nodes/shared/store/watermarks';
import { MIGRATIONS_WITH_WATERMARKS } from './mailboxStore';

const PG = { host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres' };

const backends: Array<[string, () => Promise<{ db: Db; dispose(): Promise<void> }>]> = [
	[
		'SQLite',
		async () => {
			const dir = mkdtempSync(join(tmpdir(), 'cc-watermarks-'));
			const db = openSqliteDb(join(dir, 'store.sqlite'));
			return { db, dispose: async () => (await db.close(), rmSync(dir, { recursive: true, force: true })) };
		},
	],
	[
		'PostgreSQL',
		async () => {
			const schema = `cc_test_${randomUUID().replace(/-/g, '')}`;
			const db = await openPostgresDb({ backend: 'postgres', ...PG, schema });
			return {
				db,
				async dispose() {
					await db.close();
					const client = new Client(PG);
					await client.connect();
					await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
					await client.end();
				},
			};
		},
	],
];

describe.each(backends)('e-mail watermarks kept in the %s store', (_name, open) => {
	let backend: Awaited<ReturnType<typeof open>>;
	beforeEach(async () => {
		backend = await open();
		await migrate(backend.db, MIGRATIONS_WITH_WATERMARKS);
	});
	afterEach(() => backend.dispose());

	const box = 'imap://support@acme.test@mail.acme.test:993/INBOX';

	it('has none for a folder never polled, and remembers one across store handles', async () => {
		expect(await emailWatermarks(backend.db).get(box)).toBeNull();
		await emailWatermarks(backend.db).set(box, { uidValidity: 1717400000, lastUid: 42 });
		expect(await emailWatermarks(backend.db).get(box)).toEqual({ uidValidity: 1717400000, lastUid: 42 });
		expect(await emailWatermarks(backend.db).get(`${box}-other`)).toBeNull();
	});

	it('never moves back under the same UIDVALIDITY, so a slower poll cannot undo a faster one', async () => {
		const marks = emailWatermarks(backend.db);
		await marks.set(box, { uidValidity: 7, lastUid: 42 });
		await marks.set(box, { uidValidity: 7, lastUid: 40 });
		expect(await marks.get(box)).toEqual({ uidValidity: 7, lastUid: 42 });
	});

	it('starts over under a new UIDVALIDITY, even at a lower UID', async () => {
		const marks = emailWatermarks(backend.db);
		await marks.set(box, { uidValidity: 7, lastUid: 42 });
		await marks.set(box, { uidValidity: 4_294_967_295, lastUid: 3 });
		expect(await marks.get(box)).toEqual({ uidValidity: 4_294_967_295, lastUid: 3 });
	});
});
