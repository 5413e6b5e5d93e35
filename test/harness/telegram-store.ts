/**
 * What most engine scenarios start from: a fake Telegram Bot API, a SQLite store in a fresh folder,
 * and the credentials by which a workflow reaches both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { handleTelegramWebhook, webhookSecretToken } from '../../nodes/shared/channels/telegram';
import { closeAllStores, openStore, type Store } from '../../nodes/shared/store';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram/server';

export interface TelegramAndStore {
	telegram: FakeTelegram;
	store: Store;
	credentials: Record<string, Record<string, string>>;
	close(): Promise<void>;
}

export async function telegramAndStore(): Promise<TelegramAndStore> {
	const dir = mkdtempSync(join(tmpdir(), 'cc-engine-'));
	const telegram = await startFakeTelegram();
	const sqliteFile = join(dir, 'store.sqlite');
	const store = await openStore({ backend: 'sqlite', file: sqliteFile });
	return {
		telegram,
		store,
		credentials: {
			contactCenterStoreApi: { backend: 'sqlite', sqliteFile },
			contactCenterTelegramApi: { accessToken: telegram.token, baseUrl: telegram.baseUrl },
		},
		async close() {
			await closeAllStores();
			await telegram.close();
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

/** A fresh {@link telegramAndStore} for every test of the enclosing `describe` (or file): `env.telegram`, `env.store` in each test. */
export function telegramAndStorePerTest(): TelegramAndStore {
	const env = {} as TelegramAndStore;
	beforeEach(async () => {
		Object.assign(env, await telegramAndStore());
	});
	afterEach(() => env.close());
	return env;
}

/** The Telegram trigger's items for these updates, as one execution gets them (several share one while n8n is busy). */
export function telegramTriggerItems(telegram: FakeTelegram, updates: object[]): Array<{ json: never }> {
	const secretToken = webhookSecretToken(telegram.token);
	return updates.flatMap((update) => {
		const verdict = handleTelegramWebhook(
			{ method: 'POST', headers: { 'x-telegram-bot-api-secret-token': secretToken }, query: {}, rawBody: Buffer.from(JSON.stringify(update)) },
			{ botId: String(telegram.botId), secretToken },
		);
		if (verdict.kind !== 'accept') throw new Error(`expected an accepted delivery, got ${verdict.kind}`);
		return verdict.messages.map((message) => ({ json: { message } as never }));
	});
}
