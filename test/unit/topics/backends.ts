import { join } from 'node:path';

export { postgresBackend, sqliteBackend, storePerSuite, type Backend } from '../../harness/backends';

export const SAMPLE_FILE = join(__dirname, '../../../workflows/data/topics.csv');
