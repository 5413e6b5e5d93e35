import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { calibrate, outcomeAt, PAYLOADS } from '../../../nodes/shared/bot';
import { parseCsvRecords, stratifiedSplit, TopicClassifier, type HeldOutPrediction } from '../../../nodes/shared/classifier';
import { sqliteBackend, storePerSuite } from '../../harness/backends';
import { customer } from './world';

const payloads = (reply: { buttons: Array<{ payload: string }> }) => reply.buttons.map((b) => b.payload);

describe('the bot decides with the classifier of its knowledge base', () => {
	const suite = storePerSuite(sqliteBackend);

	test('a first message the knowledge base cannot answer is greeted and handed to a person in the same reply', async () => {
		const anna = customer(suite.store, 'webchat');
		const turn = await anna.writes('my app crashes every time I log in with my fingerprint');

		expect(turn).toMatchObject({ outcome: 'handoff', handoff: { reason: 'not_understood' } });
		expect(turn.reply.text).toContain('Hello! I am the support bot');
		expect(turn.reply.text).toContain('passing you to a person');
	});

	test('a first message it can answer is greeted and answered in one reply', async () => {
		const anna = customer(suite.store, 'webchat');
		const turn = await anna.writes('where is my order');

		expect(turn).toMatchObject({ outcome: 'answered', intent: 'order_status' });
		expect(turn.reply.text).toContain('Hello! I am the support bot');
		expect(turn.reply.text).toContain('https://example.com/orders');
	});

	test('between two close topics it asks "did you mean" with both and a person, and the pressed one is answered', async () => {
		// Ops staff raised the cut above the calibrated one: about 60 / 25 between two topics is not sure enough.
		const anna = customer(suite.store, 'webchat', { settings: { cut: 0.9 } });
		const unsure = await anna.writes('when does my order arrive');

		expect(unsure).toMatchObject({ outcome: 'answered', kbEntry: null, handoff: null });
		expect(unsure.reply.text).toContain('Did you mean');
		expect(payloads(unsure.reply)).toEqual(expect.arrayContaining(['kb:order_status:en', 'kb:delivery_time:en', PAYLOADS.person]));

		const picked = await anna.presses('kb:delivery_time:en');
		expect(picked).toMatchObject({ outcome: 'answered', intent: 'delivery_time' });
	});

	test.each(['у вас есть вакансии', 'do you have any job openings', 'сайт не відкривається'])(
		'a message it is sure the knowledge base does not answer goes to a person, with no "did you mean" about something else (%s)',
		async (text) => {
			const anna = customer(suite.store, 'webchat');
			await anna.writes('hello');
			const turn = await anna.writes(text);

			expect(turn).toMatchObject({ outcome: 'handoff', handoff: { reason: 'not_understood' } });
			expect(payloads(turn.reply).filter((p) => p.startsWith('kb:'))).toEqual([]);
		},
	);

	test.each([
		['fr', 'le livreur est arrivé bourré et m’a parlé comme un chien'],
		['en', 'what do you think of the new tax on deliveries the government announced'],
	])('a message about nothing it knows that borrows a topic’s words is not answered with that topic (%s)', async (_language, text) => {
		const anna = customer(suite.store, 'webchat');
		await anna.writes('hello');
		const turn = await anna.writes(text);

		expect(turn.kbEntry).toBeNull();
		expect(turn.outcome === 'handoff' || payloads(turn.reply).includes(PAYLOADS.person)).toBe(true);
	});

	test.each([
		['en', 'Hi there! I ordered a lamp last week and nothing came. Where is my order? Thanks a lot, Anna', 'order_status'],
		['ru', 'Добрый день! Где мой заказ, номер 4512? Заранее спасибо.', 'order_status'],
		['en', 'Where is my order? <script>alert(1)</script>', 'order_status'],
	])('a question between courtesies and context is answered as the question alone (%s: %s)', async (_language, text, intent) => {
		const anna = customer(suite.store, 'webchat');
		await anna.writes('hello');

		expect(await anna.writes(text)).toMatchObject({ outcome: 'answered', intent });
	});

	test('a message asking two things is not answered by one of them', async () => {
		const anna = customer(suite.store, 'webchat');
		await anna.writes('hello');
		const turn = await anna.writes('Where is my order? And my card payment failed twice, why?');

		expect(turn.kbEntry).toBeNull();
	});

	test('the same question again after its answer is a failed answer, and a second one goes to a person', async () => {
		const anna = customer(suite.store, 'webchat');
		expect(await anna.writes('where is my order')).toMatchObject({ intent: 'order_status' });

		const again = await anna.writes('where is my order???');
		expect(again).toMatchObject({ outcome: 'answered', kbEntry: null });
		expect(again.reply.text).toContain('did not help');

		expect(await anna.writes('WHERE is my order')).toMatchObject({ outcome: 'handoff', handoff: { reason: 'repeated_failures' } });
	});
});

describe('calibrating the cut of a knowledge base', () => {
	const heldOut = (label: string, topic: string, confidence: number): HeldOutPrediction => ({ label, ranked: [{ topic, confidence }], evidence: 10 });

	test('on 100 held-out examples, the lowest cut whose wrong answers, smoothed with the prior, stay within 2 %: three pass, a fourth does not', () => {
		const examples = [
			...Array.from({ length: 90 }, (_, i) => heldOut('balance', 'balance', 0.5 + i / 200)),
			heldOut('order_status', 'balance', 0.97),
			heldOut('order_status', 'balance', 0.8),
			heldOut('order_status', 'balance', 0.7),
			heldOut('order_status', 'balance', 0.6),
			...Array.from({ length: 6 }, () => heldOut('order_status', 'order_status', 0.99)),
		];
		const calibration = calibrate(examples, new Set(['balance', 'order_status']), { maxWrong: 0.02, maxMissed: 0.02, minCut: 0 });

		// (3 + 1) / (100 + 100) is 2 %; (4 + 1) / 200 is not.
		expect(calibration.cut).toBeGreaterThan(0.6);
		expect(calibration.cut).toBeLessThanOrEqual(0.605);
		expect(outcomeAt(examples, new Set(['balance', 'order_status']), calibration.cut).wrong).toBe(0.03);
		expect(calibration.curve.map((c) => c.cut)).toContain(Number(calibration.cut.toFixed(4)));
	});

	test('the evidence floor is what the weakest 5 % of the questions answered rightly at the cut fall under; a few dozen give none', () => {
		const right = (n: number) => Array.from({ length: n }, (_, i) => ({ ...heldOut('balance', 'balance', 0.95), evidence: 100 - i }));
		const examples = [...right(100), { ...heldOut('balance', 'balance', 0.5), evidence: 0 }, { ...heldOut('other', 'balance', 0.97), evidence: 1 }];
		// Of the 100 answered rightly (evidence 1…100 for them), five are under 6; the one under the cut and the wrong one do not count.
		expect(calibrate(examples, new Set(['balance'])).evidenceFloor).toBe(6);
		expect(calibrate(right(39), new Set(['balance'])).evidenceFloor).toBeNull();
	});

	test('a topic the knowledge base does not answer, answered anyway, counts against the hand-off limit', () => {
		const examples = [
			...Array.from({ length: 50 }, () => heldOut('balance', 'balance', 0.9)),
			...Array.from({ length: 47 }, () => heldOut('complaint', 'complaint', 0.9)),
			...Array.from({ length: 3 }, () => heldOut('complaint', 'balance', 0.7)),
		];
		// Three wrong answers of 100 would do; three of 50 complaints answered would not.
		expect(outcomeAt(examples, new Set(['balance']), 0.7)).toMatchObject({ wrong: 0.03, handedOff: 0.94 });
		expect(calibrate(examples, new Set(['balance'])).cut).toBe(0.9);
	});

	test('in a small hold-out, one outlier answered wrongly with high confidence does not push the cut to 1', () => {
		// 70 held-out examples, as a shop's knowledge base and topics leave: one complaint taken for
		// a balance question at 0.96. Read alone, that is one of 35 unanswerable questions answered,
		// 2.9 % at every cut under 0.96.
		const examples = [
			...Array.from({ length: 35 }, (_, i) => heldOut(i % 2 ? 'balance' : 'order_status', i % 2 ? 'balance' : 'order_status', 0.45 + i / 70)),
			...Array.from({ length: 34 }, (_, i) => heldOut(i % 2 ? 'complaint' : 'other', i % 2 ? 'complaint' : 'other', 0.8)),
			heldOut('complaint', 'balance', 0.96),
		];
		const answered = new Set(['balance', 'order_status']);
		const calibration = calibrate(examples, answered, { minCut: 0 });

		expect(calibration.cut).toBe(0.45);
		// Shipped, the cut never goes under 0.9: a question about nothing the hold-out holds is not in it.
		expect(calibrate(examples, answered).cut).toBe(0.9);
		expect(outcomeAt(examples, answered, calibration.cut)).toMatchObject({ resolved: 1, handedOff: 0.9714 });
	});

	test('a knowledge base whose answers really are often wrong below 0.9 still gets a high cut', () => {
		// 100 held out: right above 0.9; below it, every third answer is wrong.
		const examples = Array.from({ length: 100 }, (_, i) => {
			const confidence = 0.99 - i / 200;
			return heldOut('balance', confidence < 0.9 && i % 3 === 0 ? 'order_status' : 'balance', confidence);
		});
		const calibration = calibrate(examples, new Set(['balance', 'order_status']), { maxWrong: 0.02, maxMissed: 0.02, minCut: 0 });

		// The fourth wrong answer, at 0.84, is one too many: (4 + 1) / (100 + 100) > 2 %.
		expect(calibration.cut).toBe(0.845);
		expect(outcomeAt(examples, new Set(['balance', 'order_status']), calibration.cut).wrong).toBeLessThanOrEqual(0.03);
	});

	test("on a Banking77 sample the cut keeps held-out wrong answers within 2 % plus the prior's one answer, and near that on messages the classifier never saw", () => {
		// Banking77 (PolyAI, CC BY 4.0); a knowledge base answering 20 of its 77 topics.
		const all = parseCsvRecords(readFileSync(join(__dirname, '../../../data/banking77/train.csv'), 'utf8')).map((r) => ({ text: r.text, label: r.category }));
		const { held: sample } = stratifiedSplit(all, (e) => e.label, 0.2, 3);
		const { kept: train, held: test } = stratifiedSplit(sample, (e) => e.label, 0.3, 4);
		const classifier = TopicClassifier.train(train, { wordVectors: null });
		const answered = new Set(classifier.topics.slice(0, 20));

		const calibration = calibrate(classifier.heldOut, answered);
		expect(calibration.examples).toBeGreaterThan(250);
		expect(outcomeAt(classifier.heldOut, answered, calibration.cut).wrong).toBeLessThanOrEqual(0.02 + 1 / calibration.examples);

		const unseen: HeldOutPrediction[] = test.map((e) => {
			const { topic, confidence, alternatives, evidence } = classifier.classify(e.text);
			return { label: e.label, ranked: [{ topic, confidence }, ...alternatives], evidence };
		});
		// About 280 held-out examples put a few answers either side of the 2 % line: 3.1 % measured
		// here (19 of 606), 1.3-3.5 % when the classifier is trained with seeds 1-4; on the full
		// training set `npm run bench:bot` measures the real figure.
		const onUnseen = outcomeAt(unseen, answered, calibration.cut);
		expect(onUnseen.wrong).toBeLessThanOrEqual(0.035);
		expect(onUnseen.resolved).toBeGreaterThan(0.5);
	});
});
