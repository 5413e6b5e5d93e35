/**
 * A real n8n running the pack's templates on an embedded store of its own, with that store open
 * in the test too, to seed operators and to look at what the workflows wrote.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { closeAllStores, openStore, type Store } from '../../nodes/shared/store';
import type { FakeTelegram } from '../fakes/telegram/server';
import { startN8n, type N8nCredential, type N8nProcess, type StartN8nOptions } from './n8n-process';

/** The shipped template's file, by name: `template('support-pipeline')`. */
export const template = (name: string) => resolve(__dirname, `../../workflows/${name}.json`);

/** The Telegram credential the templates name, pointed at a fake Bot API. */
export const telegramCredential = (telegram: FakeTelegram): N8nCredential => ({
	id: 'ccTelegramBot001',
	name: 'Telegram Bot',
	type: 'contactCenterTelegramApi',
	data: { accessToken: telegram.token, baseUrl: telegram.baseUrl },
});

export interface ContactCenter {
	n8n: N8nProcess;
	store: Store;
	/** The store's SQLite file, for a credential of another process (a child, a second n8n). */
	storeFile: string;
	stop(): Promise<void>;
}

/** `credentials` come on top of the store's; a fake Telegram given here gets the templates' Telegram credential. */
export async function startContactCenter(
	options: StartN8nOptions & { telegram?: FakeTelegram },
): Promise<ContactCenter> {
	const dir = mkdtempSync(join(tmpdir(), 'cc-e2e-'));
	const storeFile = join(dir, 'contact-center.sqlite');
	const { telegram, credentials = [], ...rest } = options;
	const n8n = await startN8n({
		...rest,
		credentials: [
			{ id: 'ccStoreDefault01', name: 'Contact Center Store', type: 'contactCenterStoreApi', data: { backend: 'sqlite', sqliteFile: storeFile } },
			...(telegram ? [telegramCredential(telegram)] : []),
			...credentials,
		],
	});
	const store = await openStore({ backend: 'sqlite', file: storeFile });
	return {
		n8n,
		store,
		storeFile,
		stop: async () => {
			await closeAllStores();
			await n8n.stop();
			rmSync(dir, { recursive: true, force: true });
		},
	};
}
