import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TopicClassifier, parseCsvRecords, stratifiedSplit } from '../../../nodes/shared/classifier';

// Banking77 (PolyAI, Casanueva et al. 2020, CC BY 4.0): 77 topics of real customer messages.
// shared/ sits beside the checkout, on every developer's machine and in CI.
const DATA = resolve(__dirname, '../../../../shared/data/banking77/train.csv');

describe('a classifier trained on a stratified sample of Banking77', () => {
	const all = parseCsvRecords(readFileSync(DATA, 'utf8')).map((r) => ({ text: r.text, label: r.category }));
	const { held: sample } = stratifiedSplit(all, (e) => e.label, 0.3, 1);
	const { kept: train, held: test } = stratifiedSplit(sample, (e) => e.label, 0.25, 2);
	const classifier = TopicClassifier.train(train);
	const results = test.map((e) => ({ ...classifier.classify(e.text, 0.5), truth: e.label }));

	it('learns all 77 topics from about 2,250 messages', () => {
		expect(all).toHaveLength(10003);
		expect(classifier.topics).toHaveLength(77);
		expect(train.length + test.length).toBeGreaterThan(2900);
	});

	it('gets most held-out messages right (a sane floor; the full-data figure comes from the benchmark)', () => {
		const accuracy = results.filter((r) => r.topic === r.truth).length / results.length;
		expect(accuracy).toBeGreaterThan(0.8);
	});

	it('round-trips through JSON, every network included, with identical predictions', () => {
		const json = classifier.toJSON();
		expect(json.network).toBeDefined();
		expect(json.wordNetwork).toBeDefined();
		expect(json.vectorScale).toBeGreaterThan(0);
		const restored = TopicClassifier.fromJSON(JSON.stringify(json));
		for (const e of test.slice(0, 50)) expect(restored.classify(e.text)).toEqual(classifier.classify(e.text));
		expect(() => TopicClassifier.fromJSON({ ...json, network: { ...json.network!, outputBias: [] } })).toThrow(/inconsistent/);
		expect(() => TopicClassifier.fromJSON({ ...json, wordNetwork: { ...json.wordNetwork!, hiddenWeights: json.network!.hiddenWeights } })).toThrow(/inconsistent/);
		// The linear weights include the vectors' rows: a model that forgets it used them does not load.
		expect(() => TopicClassifier.fromJSON({ ...json, vectorScale: undefined })).toThrow(/inconsistent/);
	});

	it('is more often right when it is confident: confidence means something', () => {
		const sure = results.filter((r) => !r.unsure);
		const unsure = results.filter((r) => r.unsure);
		const accuracyOf = (rs: typeof results) => rs.filter((r) => r.topic === r.truth).length / rs.length;
		expect(sure.length).toBeGreaterThan(0);
		expect(unsure.length).toBeGreaterThan(0);
		expect(accuracyOf(sure)).toBeGreaterThan(accuracyOf(unsure) + 0.2);
		// Calibrated: the mean confidence is close to the observed accuracy.
		const meanConfidence = results.reduce((sum, r) => sum + r.confidence, 0) / results.length;
		expect(Math.abs(meanConfidence - accuracyOf(results))).toBeLessThan(0.08);
	});
});
