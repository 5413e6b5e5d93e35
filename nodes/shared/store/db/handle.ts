import type { Db } from '../types';

/**
 * The Db a transaction hands to its work. Once the transaction has ended it refuses to run, so
 * a handle that leaked out of the callback cannot slip statements outside the transaction.
 */
export function transactionHandle(
	dialect: Db['dialect'],
	run: (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>,
): { db: Db; end(): void } {
	let open = true;
	const db: Db = {
		dialect,
		query: async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => {
			if (!open) throw new Error('This transaction has ended; use the store outside it.');
			return (await run(sql, params)) as T[];
		},
		// A nested transaction joins the one already open.
		transaction: (work) => work(db),
		close: () => Promise.reject(new Error('Cannot close the store from inside a transaction.')),
	};
	return { db, end: () => void (open = false) };
}
