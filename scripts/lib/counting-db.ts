import type { Db } from '../../nodes/shared/store/types.ts';

/** Statements sent and round trips made through a Db; a transaction adds its BEGIN and COMMIT to both. */
export interface DbCounts {
	statements: number;
	roundTrips: number;
	transactions: number;
}

/**
 * The Db with every statement counted, for the benchmarks' "statements per decision / per
 * message": what the code asks of the database, whatever the driver does underneath.
 */
export function countingDb(db: Db): { db: Db; counts: DbCounts; reset(): void } {
	const counts: DbCounts = { statements: 0, roundTrips: 0, transactions: 0 };
	const wrap = (inner: Db): Db => ({
		dialect: inner.dialect,
		query: (sql, params) => {
			counts.statements++;
			counts.roundTrips++;
			return inner.query(sql, params);
		},
		transaction: (work) => {
			counts.transactions++;
			counts.statements += 2;
			counts.roundTrips += 2;
			return inner.transaction((tx) => work(wrap(tx)));
		},
		close: () => inner.close(),
	});
	return {
		db: wrap(db),
		counts,
		reset: () => Object.assign(counts, { statements: 0, roundTrips: 0, transactions: 0 }),
	};
}
