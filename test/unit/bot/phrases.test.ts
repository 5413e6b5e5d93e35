import { DEFAULT_PERSON_WORDS, detectAnger } from '../../../nodes/shared/bot';
import { compilePhrases, findPhrase, foldedWords } from '../../../nodes/shared/bot/phrases';

const PERSON = compilePhrases(DEFAULT_PERSON_WORDS);
const asksForPerson = (text: string) => findPhrase(foldedWords(text), PERSON) !== undefined;

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

	test.each(['where is my order', 'the operation failed', 'urgent delivery', 'мой баланс', 'operational costs'])(
		'"%s" does not',
		(text) => {
			expect(asksForPerson(text)).toBe(false);
		},
	);
});

describe('clear anger', () => {
	test.each(['Вы идиоты', 'шахраї!', 'это безобразие!!!', 'THIS IS A SCAM, GIVE ME MY MONEY', 'arnaque'])('"%s" is angry', (text) => {
		expect(detectAnger(text).angry).toBe(true);
	});
	test.each(['Спасибо!', 'where is my order?', 'c’est urgent', 'ужас, как долго, но спасибо', 'OK'])('"%s" is not', (text) => {
		expect(detectAnger(text).angry).toBe(false);
	});
});
