export * from './types';
export { openStore, closeAllStores, defaultSqliteFile } from './open';
export { storeOn } from './store';
export { openSqliteDb } from './db/sqlite';
export { openPostgresDb, type PostgresConfig } from './db/postgres';
export { COUNT_DIR_VARIABLE, countingDb, countsByRole, countsByText, type CountingDb, type DbCounts } from './db/counting';
export { MIGRATIONS, migrate, type Migration } from './migrations';
export type { Ddl } from './migrations/dialect';
