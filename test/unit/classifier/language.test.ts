import { detectLanguage } from '../../../nodes/shared/classifier';

describe('detecting the language of a customer message', () => {
	it.each([
		['Здравствуйте, где мой заказ? Жду уже неделю.', 'ru'],
		['Добрий день, де моє замовлення? Чекаю вже тиждень.', 'uk'],
		['Bonjour, où en est ma commande ? J’attends depuis une semaine.', 'fr'],
		['Hello, where is my order? I have been waiting for a week.', 'en'],
	])('a full sentence: "%s" is %s', (text, language) => {
		expect(detectLanguage(text)).toBe(language);
	});

	it.each([
		['спасибо', 'ru'],
		['дякую', 'uk'],
		['привіт', 'uk'],
		['Ещё раз', 'ru'],
		['merci', 'fr'],
		['ça marche', 'fr'],
		['thanks!', 'en'],
		['where is it', 'en'],
		['Є питання', 'uk'],
		['Быстрее!', 'ru'],
	])('a short message: "%s" is %s', (text, language) => {
		expect(detectLanguage(text)).toBe(language);
	});

	it.each([
		['gde moy zakaz', 'ru'],
		['Privet, kogda budet dostavka?', 'ru'],
		['spasibo bolshoe', 'ru'],
		['pochemu net otveta', 'ru'],
	])('Russian typed in Latin letters: "%s" is %s', (text, language) => {
		expect(detectLanguage(text)).toBe(language);
	});

	it('French typed without accents is still French', () => {
		expect(detectLanguage('je voudrais annuler ma commande svp')).toBe('fr');
	});

	it('a Russian sentence with an English brand name stays Russian', () => {
		expect(detectLanguage('Не работает оплата через Apple Pay')).toBe('ru');
	});

	it.each(['', '12345 !!!', '🙂👍', '你好，我的订单在哪里', 'xqzt'])('nothing to go on: "%s" is unknown', (text) => {
		expect(detectLanguage(text)).toBe('unknown');
	});
});
