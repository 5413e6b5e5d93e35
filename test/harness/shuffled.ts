import type { Db, Row } from '../../nodes/shared/store';

/**
 * Whether a statement orders the rows its caller gets: an ORDER BY outside every parenthesis (one
 * inside a subquery or a CTE orders nothing the caller sees), and no RETURNING there (whose rows
 * no ORDER BY orders).
 */
export function ordersItsRows(sql: string): boolean {
	let outside = sql;
	for (let inner = outside.replace(/\([^()]*\)/g, ''); inner !== outside; inner = outside.replace(/\([^()]*\)/g, '')) outside = inner;
	return /\border\s+by\b/i.test(outside) && !/\breturning\b/i.test(outside);
}

/**
 * The Db handing back, in reverse, the rows of every statement that does not order them. Neither
 * database promises the order of RETURNING's rows, of the ids a multi-row INSERT hands out, of a
 * UNION ALL's branches or of an unordered SELECT: code that gives a caller the row at its
 * caller's place, rather than the row that names it, answers the wrong caller here.
 */
export function shuffledDb(db: Db): Db {
	const wrap = (inner: Db): Db => ({
		dialect: inner.dialect,
		query: async <T extends Row = Row>(sql: string, params?: unknown[]) => {
			const rows = await inner.query<T>(sql, params);
			return ordersItsRows(sql) ? rows : [...rows].reverse();
		},
		transaction: (work) => inner.transaction((tx) => work(wrap(tx))),
		close: () => inner.close(),
	});
	return wrap(db);
}
