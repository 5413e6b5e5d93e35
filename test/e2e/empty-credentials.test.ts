/**
 * `npm start` with no channel configured: ops staff bring a channel in by filling in one credential
 * in the editor, and every template that talks on that channel (the trigger, the operator desk's
 * replies) must then use it. So the preparation makes each channel credential the templates name,
 * empty, under the id they name, and never writes over it again.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { promisify } from 'node:util';

import { n8nRuntimeDir } from '../harness/n8n-process';

jest.setTimeout(300_000);

const ROOT = resolve(__dirname, '../..');
const folder = mkdtempSync(join(tmpdir(), 'cc-empty-creds-'));

afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** As `npm start` runs it: no --creds, no channel's environment (Jest's NODE_ENV=test would put n8n's CLI in its test mode). */
async function prepare(extraEnv: Record<string, string> = {}) {
	const { NODE_ENV: _jest, TELEGRAM_BOT_TOKEN: _token, ...env } = process.env;
	const args = [join(ROOT, 'scripts/prepare-n8n.mjs'), folder, '--n8n', n8nRuntimeDir(), '--workflows', join(ROOT, 'workflows/operator-desk.json'), '--workflows', join(ROOT, 'workflows/support-pipeline.json'), '--workflows', join(ROOT, 'workflows/proactive-order-status.json')];
	return (await promisify(execFile)(process.execPath, args, { env: { ...env, ...extraEnv } })).stderr;
}

function credentials(): Array<{ id: string; name: string; type: string; updatedAt: string }> {
	const db = new DatabaseSync(join(folder, '.n8n/database.sqlite'), { readOnly: true });
	try {
		return db.prepare('SELECT id, name, type, updatedAt FROM credentials_entity ORDER BY id').all() as Array<{ id: string; name: string; type: string; updatedAt: string }>;
	} finally {
		db.close();
	}
}

test('each channel the templates talk on gets one empty credential to fill in, made once, and its trigger stays off until configured', async () => {
	const first = await prepare();
	expect(first).toContain('empty credentials to fill in in the editor:');
	expect(first).toMatch(/"Contact Center: Support Pipeline" \(cc-support-pipeline\): published; disabled, no credential or no authentication: .*Telegram/);
	const made = credentials();
	expect(made).toEqual(
		expect.arrayContaining([
			expect.objectContaining({ id: 'ccTelegramBot001', name: 'Telegram Bot', type: 'contactCenterTelegramApi' }),
			expect.objectContaining({ id: 'ccViberBot000001', type: 'contactCenterViberApi' }),
			expect.objectContaining({ id: 'ccWhatsApp000001', type: 'contactCenterWhatsAppApi' }),
		]),
	);
	// Shared secrets and sign-ins are never made empty: an empty one could let anyone in.
	expect(made.map((c) => c.type)).not.toContain('httpHeaderAuth');

	// The next start finds them (filled in since, perhaps) and leaves them as they are.
	const second = await prepare();
	expect(second).not.toContain('empty credentials to fill in');
	expect(credentials()).toEqual(made);
});
