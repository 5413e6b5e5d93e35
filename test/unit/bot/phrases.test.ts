import { askedForPerson, detectAnger, onlyAsksForPerson } from '../../../nodes/shared/bot';
import { foldedWords } from '../../../nodes/shared/bot/phrases';
import { oneSlipApart } from '../../../nodes/shared/bot/terms';
import { detectLanguage } from '../../../nodes/shared/classifier';

const asksForPerson = (text: string) => askedForPerson(foldedWords(text), detectLanguage(text)) !== undefined;

describe('recognising a call for a person', () => {
	test.each([
		'оператор',
		'Дайте оператора!',
		'operatora pozovite',
		'opérateur svp',
		'operateur',
		'соедините с живым человеком',
		'zhivoi chelovek',
		'мені потрібна людина',
		'Je veux un conseiller',
		'can I talk to a humman',
		'менеджера позовите',
		'support please',
	])('"%s" asks for a person', (text) => {
		expect(asksForPerson(text)).toBe(true);
	});

	describe('inflected Russian and Ukrainian forms', () => {
		test.each([
			['uk', 'хочу поговорити з людиною'],
			['uk', 'з людиною можна?'],
			['uk', 'потрібна жива людина'],
			['uk', 'дайте поговорити з живою людиною'],
			['uk', 'зʼєднайте з оператором'],
			['uk', 'де ваша підтримка'],
			['uk', 'напишу у підтримку'],
			['uk', 'потрібен фахівець'],
			['uk', 'зверніть мене до фахівця'],
			['ru', 'переключите на оператора'],
			['ru', 'хочу поговорить с человеком'],
			['ru', 'дайте специалиста'],
			['ru', 'пишу в поддержку'],
		])('%s: "%s"', (_language, text) => {
			expect(asksForPerson(text)).toBe(true);
		});
	});

	describe('requests in several words (the examples of issue 18)', () => {
		test.each([
			['ru', 'позовите сотрудника'],
			['ru', 'Позовите, пожалуйста, сотрудника'],
			['ru', 'соедините с сотрудником банка'],
			['ru', 'pozovite sotrudnika'],
			['uk', 'покличте співробітника'],
			['uk', 'покличте, будь ласка, співробітника'],
			['en', 'connect me with someone who can help'],
			['en', 'can I speak to someone please'],
			['en', 'I need a real person'],
			['fr', 'mettez-moi en relation avec quelqu’un'],
			['fr', "mettez moi en relation avec quelqu'un svp"],
			['fr', 'je veux parler à quelqu’un'],
			['fr', 'je veux une vraie personne'],
		])('%s: "%s"', (_language, text) => {
			expect(asksForPerson(text)).toBe(true);
		});
	});

	describe('false friends across languages are not a call for a person', () => {
		test.each([
			['fr', "je n'ai pas reçu mon argent"],
			['fr', 'où est mon argent ?'],
			['fr', 'retirer de l’argent au distributeur'],
			['fr', 'mon compte personnel est bloqué'],
			['fr', 'personne ne peut me dire où est ma commande'],
			['fr', 'une agence près de chez moi ?'],
			['en', 'update my personal details'],
			['en', 'personal account locked'],
			['en', 'where is my order'],
			['en', 'the operation failed'],
			['en', 'operational costs'],
			['en', 'urgent delivery'],
			['ru', 'мой баланс'],
			['ru', 'операция не прошла'],
			['uk', 'операція не пройшла'],
			['uk', 'людям не подобається ваш сайт'],
		])('%s: "%s"', (_language, text) => {
			expect(asksForPerson(text)).toBe(false);
		});
	});

	test('a slip of the keyboard is forgiven in the message’s own language only', () => {
		expect(asksForPerson('I want an agnet')).toBe(true);
		expect(asksForPerson('je veux mon argent maintenant')).toBe(false);
	});

	test('ops staff can drop a default word, and words they add take the endings of their language', () => {
		const words = (text: string) => foldedWords(text);
		expect(askedForPerson(words('I want an agent'), 'en', ['operator'])).toBeUndefined();
		expect(askedForPerson(words('позовите куратора'), 'ru', ['куратор'])).toBe('куратор+');
		expect(askedForPerson(words('позовите сотрудника'), 'ru', ['operator'])).toBe('позовите сотрудник+');
	});
});

describe('a request for a person and nothing more', () => {
	const bare = (text: string) => onlyAsksForPerson(foldedWords(text), detectLanguage(text));

	test.each([
		['en', 'talk to a person'],
		['en', 'I want to talk to a human'],
		['en', 'operator please'],
		['en', 'connect me with someone who can help'],
		['en', "Hi, I'd like to speak to a real person asap"],
		['ru', 'позовите оператора'],
		['ru', 'хочу поговорить с человеком'],
		['ru', 'Здравствуйте, соедините с живым человеком, пожалуйста'],
		['uk', 'зʼєднайте з оператором'],
		['uk', 'можна людину?'],
		['uk', 'покличте, будь ласка, співробітника'],
		['fr', 'je veux parler à un conseiller'],
		['fr', "mettez-moi en relation avec quelqu'un svp"],
		['en', 'agent'],
	])('%s: "%s" says nothing of what it is about', (_language, text) => {
		expect(bare(text)).toBe(true);
	});

	test.each([
		['en', 'I want to talk to a person about my refund'],
		['en', 'operator, my card was charged twice'],
		['ru', 'позовите оператора, не пришёл заказ'],
		['uk', 'дайте людину, не можу увійти в акаунт'],
		['fr', 'je veux parler à un conseiller pour mon remboursement'],
		['en', 'where is my order'],
	])('%s: "%s" says what the customer needs, or asks for no person', (_language, text) => {
		expect(bare(text)).toBe(false);
	});
});

describe('clear anger', () => {
	test.each([
		['ru', 'Вы идиоты'],
		['ru', 'вы дебилы что ли'],
		['ru', 'мошенники, верните деньги'],
		['ru', 'это безобразие!!!'],
		['ru', 'СКОЛЬКО МОЖНО ЖДАТЬ'],
		['ru', 'я жду уже две недели!!!'],
		['ru', 'вы вообще работаете?!'],
		['uk', 'шахраї!'],
		['uk', 'ви шахраї'],
		['uk', 'скільки можна чекати!!!'],
		['uk', 'я досі чекаю на повернення!!!'],
		['en', 'THIS IS A SCAM, GIVE ME MY MONEY'],
		['en', 'you are useless'],
		['en', 'still no refund!!!'],
		['en', 'I have been waiting for two weeks!!!'],
		['en', 'WHY IS NOBODY ANSWERING'],
		['fr', 'arnaque'],
		['fr', 'bande d’escrocs'],
		['fr', 'ça fait trois semaines que j’attends !!!'],
		['fr', 'toujours rien reçu ?!'],
	])('%s: "%s" is angry', (_language, text) => {
		expect(detectAnger(text).angry).toBe(true);
	});

	test.each([
		['ru', 'Спасибо!'],
		['ru', 'Спасибо большое!!!'],
		['ru', 'ужас, как долго, но спасибо'],
		['ru', 'жду заказ'],
		['uk', 'Дякую!!!'],
		['uk', 'досі чекаю на замовлення'],
		['en', 'where is my order?'],
		['en', 'Thanks!!!'],
		['en', 'debit card declined'],
		['en', 'my debit card was charged twice'],
		['en', 'still waiting for my order'],
		['en', 'OK'],
		['en', 'ORDER 4512 STATUS'],
		['fr', 'c’est urgent'],
		['fr', 'mon débit est lent'],
		['fr', 'merci beaucoup !!!'],
	])('%s: "%s" is not', (_language, text) => {
		expect(detectAnger(text).angry).toBe(false);
	});

	test('says what gave it away', () => {
		expect(detectAnger('вы дебилы').signs).toEqual(['word:дебил+']);
		expect(detectAnger('still no refund!!!').signs).toEqual(['word:still', '“!!!”']);
		expect(detectAnger('вы вообще работаете?!').signs).toEqual(['word:вообще', '“?!”']);
	});
});

describe('one slip of the keyboard', () => {
	test.each([
		['humman', 'human', true],
		['huamn', 'human', true],
		['hman', 'human', true],
		['humen', 'human', true],
		['human', 'human', true],
		['hummann', 'human', false],
		['nahum', 'human', false],
		['argent', 'agent', true],
	])('"%s" and "%s": %s', (typed, listed, apart) => {
		expect(oneSlipApart(typed, listed)).toBe(apart);
	});
});
