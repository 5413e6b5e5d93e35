import { TopicClassifier } from '../../../nodes/shared/classifier';
import { englishWordVectors, vectorRow, withWordVectors, type WordVectors } from '../../../nodes/shared/classifier/wordVectors';
import { SUPPORT_EXAMPLES } from './examples';

/** A table of three 2-dimensional vectors, stored as the built one is: int8 with a scale per word. */
function tinyTable(): WordVectors {
	const words: Array<[string, number[]]> = [
		['order', [1, 0]],
		['parcel', [0.9, 0.1]],
		['balance', [0, 1]],
	];
	return {
		dimensions: 2,
		index: new Map(words.map(([word], w) => [word, w])),
		scales: Float32Array.from(words, () => 1 / 127),
		values: Int8Array.from(words.flatMap(([, vector]) => vector.map((v) => Math.round(v * 127)))),
	};
}

describe('word vectors: what the linear model of the classifier reads beside the n-grams', () => {
	const table = tinyTable();

	it('a text becomes the weighted mean of its words’ vectors', () => {
		const row = vectorRow('Where is my ORDER, and my balance?', table, (word) => (word === 'order' ? 3 : 1));
		expect([...row].map((v) => Number(v.toFixed(2)))).toEqual([0.75, 0.25]);
	});

	it('words without a vector (another language, a typo) add nothing', () => {
		expect([...vectorRow('Где мой заказ? ordre', table, () => 1)]).toEqual([0, 0]);
	});

	it('the vectors follow a text’s n-gram features, at the length asked for; a text without known words keeps its row', () => {
		const row = { indices: Int32Array.of(4, 9), values: Float32Array.of(0.6, 0.8) };
		const center = Float32Array.of(0.5, 0.5);
		const joined = withWordVectors(row, 10, 'my parcel', table, center, 2, () => 1);
		expect([...joined.indices]).toEqual([4, 9, 10, 11]);
		expect(Math.hypot(joined.values[2], joined.values[3])).toBeCloseTo(2, 5);
		// Less the centre, a parcel points towards orders and away from balances.
		expect(joined.values[2]).toBeGreaterThan(0);
		expect(joined.values[3]).toBeLessThan(0);
		expect(withWordVectors(row, 10, 'мой заказ', table, center, 2, () => 1)).toBe(row);
	});

	it('a model trained with vectors keeps its weights for them, not the vectors, and needs the same table to load', () => {
		const classifier = TopicClassifier.train(SUPPORT_EXAMPLES, { wordVectors: table, networkMinExamples: 1, calibrationShare: 0.25 });
		const json = classifier.toJSON();
		expect(json.vectorScale).toBeGreaterThan(0);
		expect(json.mix).toHaveLength(3);
		expect(JSON.stringify(json)).not.toContain('parcel');

		const restored = TopicClassifier.fromJSON(JSON.stringify(json), table);
		for (const text of ['where is my parcel', 'скільки грошей на рахунку', 'rembourssement svp']) {
			expect(restored.classify(text)).toEqual(classifier.classify(text));
		}
		expect(() => TopicClassifier.fromJSON(json, null)).toThrow(/trained with word vectors/);
	});

	it('without vectors the linear model reads the n-grams only', () => {
		const json = TopicClassifier.train(SUPPORT_EXAMPLES, { wordVectors: null, networkMinExamples: 1 }).toJSON();
		expect(json.vectorScale).toBeUndefined();
		expect(json.mix).toHaveLength(3);
	});

	it('the pack’s own English table is built with it, common words included', () => {
		const english = englishWordVectors();
		expect(english).not.toBeNull();
		expect(english!.dimensions).toBe(100);
		expect(english!.index.size).toBe(100_000);
		for (const word of ['card', 'refund', 'transfer', 'balance']) expect(english!.index.has(word)).toBe(true);
	});
});
