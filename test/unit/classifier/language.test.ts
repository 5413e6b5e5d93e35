import { resolve } from 'node:path';
import { detectLanguage } from '../../../nodes/shared/classifier';
import { splitLanguagePairs, trainLanguageStatistics, wordCount } from '../../../nodes/shared/classifier/languageSet';
import { LANGUAGE_STATISTICS } from '../../../nodes/shared/classifier/languageStatisticsData';
import { readLanguagePairs } from '../../../scripts/lib/language-set';

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

describe('Ukrainian without і, ї, є, ґ (typed on a Russian keyboard) is still Ukrainian', () => {
	it.each([
		['Добрий день, де мое замовлення?', 'uk'],
		['Чому ви не видповидаете?', 'uk'],
		['Як повернути гроши за товар', 'uk'],
		['Скильки коштуе доставка до Львова', 'uk'],
		['Вин вже не дитина.', 'uk'],
		['Здравствуйте, где мой заказ?', 'ru'],
		['Сколько стоит доставка до Львова', 'ru'],
	])('"%s" is %s', (text, language) => {
		expect(detectLanguage(text)).toBe(language);
	});

	it('a Latin "i" inside a Cyrillic word counts as і', () => {
		expect(detectLanguage('Вiн вже почав')).toBe('uk');
	});
});

describe('on the held-out part of the labelled set (data/language-id, Tatoeba)', () => {
	const { train, test } = splitLanguagePairs(readLanguagePairs(resolve(__dirname, '../../..')));

	it('has over 380 messages of each language, half of them held out of the statistics', () => {
		for (const language of ['en', 'fr', 'ru', 'uk']) {
			expect(test.filter((e) => e.language === language).length).toBeGreaterThanOrEqual(190);
			expect(train.filter((e) => e.language === language).length).toBeGreaterThanOrEqual(190);
		}
		const trained = new Set(train.map((e) => `${e.language}:${e.text}`));
		expect(test.filter((e) => trained.has(`${e.language}:${e.text}`))).toEqual([]);
	});

	it('ships the statistics of the training part, as `npm run train:language` writes them', () => {
		expect(JSON.parse(JSON.stringify(trainLanguageStatistics(train)))).toEqual(LANGUAGE_STATISTICS);
	});

	it('names the language of at least 97 % of the held-out messages of 3 words or more, and 95 % in each language', () => {
		const long = test.filter((e) => wordCount(e.text) >= 3);
		const accuracy = (cases: typeof test) => cases.filter((e) => detectLanguage(e.text) === e.language).length / cases.length;
		expect(long.length).toBeGreaterThan(700);
		expect(accuracy(long)).toBeGreaterThanOrEqual(0.97);
		for (const language of ['en', 'fr', 'ru', 'uk']) expect(accuracy(long.filter((e) => e.language === language))).toBeGreaterThanOrEqual(0.95);
	});
});
