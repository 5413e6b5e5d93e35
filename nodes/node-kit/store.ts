import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IExecuteFunctions,
	IHookFunctions,
	INodeCredentialDescription,
	INodeCredentialTestResult,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { readCredentials } from './credentials';
import { defaultSqliteFile, openStore, type Store, type StoreConfig } from '../shared/store';

export const STORE_CREDENTIAL = 'contactCenterStoreApi';

/**
 * How every node that keeps state asks for the store. n8n tests a credential with the first node
 * it finds that uses it, so each of them names the same test.
 */
export const STORE_CREDENTIAL_REF: INodeCredentialDescription = {
	name: STORE_CREDENTIAL,
	required: true,
	testedBy: 'storeConnection',
};

/** The store credential's test: connect, migrate, query. Spread into a node's `methods.credentialTest`. */
export const storeCredentialTest = {
	async storeConnection(
		this: ICredentialTestFunctions,
		credential: ICredentialsDecrypted,
	): Promise<INodeCredentialTestResult> {
		try {
			const store = await openStore(storeConfigFrom(credential.data ?? {}));
			await store.db.query('SELECT 1');
			return { status: 'OK', message: 'Connected; the contact center tables are ready' };
		} catch (error) {
			return { status: 'Error', message: (error as Error).message };
		}
	},
};

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
			connections: Number(credentials.connections) || undefined,
		};
	}
	return { backend: 'sqlite', file: String(credentials.sqliteFile || '') || defaultSqliteFile() };
}

/**
 * Store configs read in running executions, by execution and credential: n8n reads a credential
 * from its database and decrypts it on every call, and every node of the pack asks for the store.
 * Kept per execution, so an edited credential is used from the next one on (or, with a reuse
 * window set, once that has passed: readCredentials).
 */
const readInExecution = new Map<string, Promise<StoreConfig>>();
const REMEMBERED_EXECUTIONS = 256;

function storeConfigOf(ctx: IExecuteFunctions | IWebhookFunctions | IHookFunctions | IPollFunctions): Promise<StoreConfig> {
	const read = async () => storeConfigFrom(await readCredentials(ctx, STORE_CREDENTIAL));
	const executionId = 'getExecutionId' in ctx ? ctx.getExecutionId() : undefined;
	const credentialId = ctx.getNode().credentials?.[STORE_CREDENTIAL]?.id;
	if (!executionId || !credentialId) return read();
	const key = `${executionId}/${credentialId}`;
	let config = readInExecution.get(key);
	if (!config) {
		config = read();
		config.catch(() => readInExecution.delete(key));
		readInExecution.set(key, config);
		if (readInExecution.size > REMEMBERED_EXECUTIONS) readInExecution.delete(readInExecution.keys().next().value!);
	}
	return config;
}

export async function getStore(
	ctx: IExecuteFunctions | IWebhookFunctions | IHookFunctions | IPollFunctions,
): Promise<Store> {
	return openStore(await storeConfigOf(ctx));
}
