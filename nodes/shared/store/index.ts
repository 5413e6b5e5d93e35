export * from './types';
export { openStore, closeAllStores, defaultSqliteFile } from './open';
export { storeOn } from './store';
export { openSqliteDb } from './db/sqlite';
export { openPostgresDb, type PostgresConfig } from './db/postgres';
export { MIGRATIONS, migrate, type Migration } from './migrations';
export type { Ddl } from './migrations/dialect';
