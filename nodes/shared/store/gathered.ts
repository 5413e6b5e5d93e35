import { setImmediate as afterThisTurn } from 'node:timers';
import type { Db, Row } from './types';

/**
 * `run` over every input asked for in the same turn of the event loop, at once. A node works on
 * the items of several conversations side by side (node-kit/runner.ts), so an execution carrying
 * seven customers' messages asks the store the same question seven times within one turn; asked
 * once for all seven, it costs one round trip instead of seven. A call alone in its turn runs
 * alone (`run` of one input), only one turn later.
 *
 * `run` answers each input in order, a value or its own failure, so that one customer's
 * failing message fails nobody else's. If `run` throws for several inputs (a statement that one
 * input's row breaks), each is run again alone, one after another in the order asked, and fails
 * or not by itself. (The turn's end is node:timers', not the global's, so that tests with fake
 * timers still gather.)
 */
export function gathered<In, Out>(run: (inputs: In[]) => Promise<Array<PromiseSettledResult<Out>>>): (input: In) => Promise<Out> {
	let waiting: Array<{ input: In; resolve(value: Out): void; reject(error: unknown): void }> | undefined;
	const flush = async () => {
		const batch = waiting ?? [];
		waiting = undefined;
		const answer = ({ resolve, reject }: (typeof batch)[number], result: PromiseSettledResult<Out> | undefined) => {
			if (result?.status === 'fulfilled') resolve(result.value);
			else reject(result ? result.reason : new Error('The store gave no answer for this call.'));
		};
		try {
			const results = await run(batch.map(({ input }) => input));
			batch.forEach((call, i) => answer(call, results[i]));
		} catch (error) {
			if (batch.length === 1) return batch[0].reject(error);
			for (const call of batch) answer(call, (await settle(() => run([call.input])).then((alone) => (alone.status === 'fulfilled' ? alone.value[0] : alone))));
		}
	};
	return (input) =>
		new Promise<Out>((resolve, reject) => {
			if (!waiting) {
				waiting = [];
				afterThisTurn(() => void flush());
			}
			waiting.push({ input, resolve, reject });
		});
}

/** Each input's outcome of `work`, its failure kept as its own. */
export const settle = <T>(work: () => Promise<T>): Promise<PromiseSettledResult<T>> =>
	work().then(
		(value) => ({ status: 'fulfilled', value }),
		(reason: unknown) => ({ status: 'rejected', reason }),
	);

/** `gathered` for each database (or transaction) apart: `run` gets the one its calls were made on. */
export function gatheredOn<On extends object, In, Out>(run: (on: On, inputs: In[]) => Promise<Array<PromiseSettledResult<Out>>>): (on: On, input: In) => Promise<Out> {
	const calls = new WeakMap<On, (input: In) => Promise<Out>>();
	return (on, input) => {
		let call = calls.get(on);
		if (!call) calls.set(on, (call = gathered((inputs: In[]) => run(on, inputs))));
		return call(input);
	};
}

/**
 * A read whose text the callers of one turn share (each conversation's own question, asked for
 * several at once) sent once for all of them: the copies joined by UNION ALL, each copy's rows
 * tagged with its caller's place (the column `gathered_ord`) and handed back by that tag, so that
 * no caller's answer depends on the order the database returns a UNION in. Every copy keeps the
 * plan it has alone. `sql` ends without ORDER BY: a read whose rows come in an order says it in
 * `orderBy`, by names of its result's columns (the only terms a UNION's ORDER BY takes), and each
 * caller gets its rows in that order, whether its call went alone or with others. Not for a read
 * that locks rows (FOR UPDATE takes no UNION).
 */
export function gatheredQuery<T extends Row = Row>(db: Db, sql: string, params: unknown[], orderBy?: string): Promise<T[]> {
	return sameText(db, { sql, params, orderBy }) as Promise<T[]>;
}

const sameText = gatheredOn(async (db: Db, asked: Array<{ sql: string; params: unknown[]; orderBy?: string }>) => {
	const results: Array<PromiseSettledResult<Row[]>> = new Array(asked.length);
	const texts = new Map<string, number[]>();
	const textOf = ({ sql, orderBy }: (typeof asked)[number]) => `${sql}\u0000${orderBy ?? ''}`;
	asked.forEach((read, i) => {
		const text = textOf(read);
		const indexes = texts.get(text);
		if (indexes) indexes.push(i);
		else texts.set(text, [i]);
	});
	for (const indexes of texts.values()) {
		const { sql, orderBy } = asked[indexes[0]];
		if (indexes.length === 1) {
			results[indexes[0]] = await settle(() => db.query(orderBy ? `${sql} ORDER BY ${orderBy}` : sql, asked[indexes[0]].params));
			continue;
		}
		const rows = await db.query(
			`${indexes.map((_, k) => `SELECT ${k} AS gathered_ord, q.* FROM (${sql}) q`).join(' UNION ALL ')}${orderBy ? ` ORDER BY gathered_ord, ${orderBy}` : ''}`,
			indexes.flatMap((i) => asked[i].params),
		);
		const byCopy = indexes.map((): Row[] => []);
		for (const { gathered_ord: ord, ...row } of rows) byCopy[Number(ord)].push(row);
		indexes.forEach((i, k) => (results[i] = { status: 'fulfilled', value: byCopy[k] }));
	}
	return results;
});
