/**
 * One worker process of the concurrency test on SQLite: its own connection to the store's file,
 * started by the test with `node --experimental-transform-types`. Says "ready" once open, runs
 * `closeAndTake` at the times of its own clock on "go", and exits.
 *
 *   closer-process.ts <sqlite file> '{"holding": 12, "newcomers": [50, 51], "agingMinutes": 100000000}'
 */
import '../../../scripts/lib/ts-resolve.mjs';
import { once } from 'node:events';

const { openSqliteDb } = await import('../../../nodes/shared/store/db/sqlite.ts');
const { routerOn } = await import('../../../nodes/shared/routing/index.ts');
const { closeAndTake } = await import('./closer.ts');

const [file, task] = process.argv.slice(2);
const { holding, newcomers, agingMinutes } = JSON.parse(task) as { holding: number; newcomers: number[]; agingMinutes: number };
const db = openSqliteDb(file);
process.stdout.write('ready\n');
await once(process.stdin, 'data');
await closeAndTake(routerOn(db, { agingMinutes }), holding, newcomers, () => new Date());
await db.close();
process.exit(0);
