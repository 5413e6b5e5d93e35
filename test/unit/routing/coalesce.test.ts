import { coalescing } from '../../../nodes/shared/routing/coalesce';

/** A coalescing doubler that records the batches it was given, failing any batch that holds a negative number. */
function doubler() {
	const batches: number[][] = [];
	const double = async (n: number) => {
		if (n < 0) throw new Error(`${n} is negative`);
		return n * 2;
	};
	const call = coalescing(async (items: number[]) => {
		batches.push(items);
		return Promise.all(items.map(double));
	});
	return { call, batches };
}

describe('coalesced calls', () => {
	test('calls made together go as one batch, and later ones as the next', async () => {
		const { call, batches } = doubler();
		const first = [call(1), call(2), call(3)];
		await new Promise((resolve) => setImmediate(resolve));
		const later = [call(4), call(5)];

		expect(await Promise.all([...first, ...later])).toEqual([2, 4, 6, 8, 10]);
		expect(batches).toEqual([
			[1, 2, 3],
			[4, 5],
		]);
	});

	test('a bad item fails only its own call: the batch is tried again item by item', async () => {
		const { call, batches } = doubler();
		const results = await Promise.allSettled([call(1), call(-1), call(3)]);

		expect(results).toEqual([
			{ status: 'fulfilled', value: 2 },
			{ status: 'rejected', reason: new Error('-1 is negative') },
			{ status: 'fulfilled', value: 6 },
		]);
		expect(batches).toEqual([[1, -1, 3], [1], [-1], [3]]);
	});

	test('a call alone goes by itself', async () => {
		const { call, batches } = doubler();
		expect(await call(7)).toBe(14);
		expect(await call(8)).toBe(16);
		expect(batches).toEqual([[7], [8]]);
	});
});
