import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

import type { StoreConfig } from '../../../nodes/shared/store';

const PG = { host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres' };

/** A database of its own for one backend, and how to throw it away. */
export interface Backend {
	config: StoreConfig;
	dispose(): Promise<void>;
}

export async function sqliteBackend(): Promise<Backend> {
	const dir = mkdtempSync(join(tmpdir(), 'cc-topics-'));
	return {
		config: { backend: 'sqlite', file: join(dir, 'contact-center.sqlite') },
		dispose: async () => rmSync(dir, { recursive: true, force: true }),
	};
}

export async function postgresBackend(): Promise<Backend> {
	const schema = `cc_topics_${randomUUID().replace(/-/g, '')}`;
	return {
		config: { backend: 'postgres', ...PG, schema },
		dispose: async () => {
			const client = new Client(PG);
			await client.connect();
			await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
			await client.end();
		},
	};
}

export const SAMPLE_FILE = join(__dirname, '../../../workflows/data/topics.csv');
