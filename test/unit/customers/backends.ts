import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

import { parseInbound, type Channel, type InboundMessageInput } from '../../../nodes/shared/envelope';
import type { Db, StoreConfig } from '../../../nodes/shared/store';

const PG = { host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres' };

/** A database of its own for one backend, and how to throw it away. */
export interface Backend {
	config: StoreConfig;
	dispose(): Promise<void>;
}

async function sqliteBackend(): Promise<Backend> {
	const dir = mkdtempSync(join(tmpdir(), 'cc-customers-'));
	return {
		config: { backend: 'sqlite', file: join(dir, 'contact-center.sqlite') },
		dispose: async () => rmSync(dir, { recursive: true, force: true }),
	};
}

async function postgresBackend(): Promise<Backend> {
	const schema = `cc_test_${randomUUID().replace(/-/g, '')}`;
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

/** For `describe.each`: every suite here runs on both backends. */
export const BACKENDS: Array<[string, () => Promise<Backend>]> = [
	['SQLite', sqliteBackend],
	['PostgreSQL', postgresBackend],
];

let sequence = 0;

/** A customer's text on a channel; the conversation is the sender's private chat. */
export function inbound(channel: Channel, account: string, sender: InboundMessageInput['sender'], text = 'hello', at = new Date()) {
	sequence += 1;
	return parseInbound({
		channel,
		account,
		externalId: `${channel}-${sender.id}-${sequence}`,
		conversationKey: sender.id,
		sender,
		text,
		receivedAt: at.toISOString(),
		raw: {},
	});
}

export const daysAgo = (days: number, from = new Date()) => new Date(from.getTime() - days * 86_400_000);
export const minutesLater = (minutes: number, from = new Date()) => new Date(from.getTime() + minutes * 60_000);

/** Moves a logged conversation and its messages back in time, as if they had happened then. */
export async function backdate(db: Db, conversationId: number, at: Date) {
	await db.query('UPDATE conversations SET created_at = ?, updated_at = ? WHERE id = ?', [at.toISOString(), at.toISOString(), conversationId]);
	await db.query('UPDATE messages SET created_at = ? WHERE conversation_id = ?', [at.toISOString(), conversationId]);
}
