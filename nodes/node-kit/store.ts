import type { ICredentialDataDecryptedObject, IExecuteFunctions, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { defaultSqliteFile, openStore, type Store, type StoreConfig } from '../shared/store';

export const STORE_CREDENTIAL = 'contactCenterStoreApi';

/** The "Contact Center Store" credential as a store config; an empty SQLite file means n8n's user folder. */
export function storeConfigFrom(credentials: ICredentialDataDecryptedObject): StoreConfig {
	if (credentials.backend === 'postgres') {
		return {
			backend: 'postgres',
			host: String(credentials.host || '127.0.0.1'),
			port: Number(credentials.port || 5432),
			database: String(credentials.database || 'postgres'),
			user: String(credentials.user || 'postgres'),
			password: credentials.password ? String(credentials.password) : undefined,
			ssl: Boolean(credentials.ssl),
			schema: credentials.schema ? String(credentials.schema) : undefined,
		};
	}
	return { backend: 'sqlite', file: String(credentials.sqliteFile || '') || defaultSqliteFile() };
}

export async function getStore(
	ctx: IExecuteFunctions | IWebhookFunctions | IHookFunctions,
): Promise<Store> {
	return openStore(storeConfigFrom(await ctx.getCredentials(STORE_CREDENTIAL)));
}
