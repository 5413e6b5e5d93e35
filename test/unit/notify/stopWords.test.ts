import { consentWord } from '../../../nodes/shared/notify';

describe('a customer opting out in their own words', () => {
	it.each([
		['a French customer writes the verb', 'Arrêter'],
		['a French customer without accents on their keyboard', 'arreter'],
		['a French customer unsubscribing', 'Se désabonner'],
		['a French customer cancelling their registration', 'désinscrire'],
		['a French customer asking for it as a noun', 'Désinscription'],
		['a Russian customer asking us to unsubscribe them', 'Отпишите'],
		['a Russian customer with a full stop', 'Отписаться.'],
		['a Ukrainian customer asking us to unsubscribe them', 'Відпишіть!'],
		['a Ukrainian customer in the other spelling', 'відписатись'],
		['a customer with a comma', 'Stop,'],
		['a customer with a folded-hands emoji', 'stop 🙏'],
		['a customer with a skin-toned thumbs-up', 'STOP 👍🏽'],
		['a customer with ellipsis and a heart', 'стоп… ❤️'],
		['a customer typing two spaces', 'se  désabonner'],
	])('%s (%j) is opted out', (_, text) => {
		expect(consentWord(text)).toBe('stop');
	});

	it.each([
		['stopping an order is a support question', 'stop the order'],
		['asking how to unsubscribe is a question', 'comment se désabonner ?'],
		['a question mark alone asks nothing of us', '?'],
	])('%s: %j changes nothing', (_, text) => {
		expect(consentWord(text)).toBeNull();
	});

	it.each([
		['an English customer', 'Stop all messages'],
		['an English customer, curtly', "don’t contact me!"],
		['a Russian customer', 'Не пишите мне.'],
		['a Russian customer with ё', 'Стоп всё'],
		['a Ukrainian customer', 'Не пишіть мені'],
		['a Ukrainian customer unsubscribing from everything', 'Відписатися від усього'],
		['a French customer', 'Arrêter tout'],
		['a French customer without accents', 'arreter tout'],
		['a French customer, politely', 'Ne m’écrivez plus !'],
	])('%s asking for no messages at all (%j) is opted out of everything, service notices too', (_, text) => {
		expect(consentWord(text)).toBe('stop_all');
	});

	it.each([
		['plain STOP in English', 'STOP'],
		['in Russian', 'Стоп'],
		['in Ukrainian', 'Відписатися'],
		['in French', 'Arrêt'],
	])('STOP %s (%j) ends offers only', (_, text) => {
		expect(consentWord(text)).toBe('stop');
	});

	it.each([
		['asking to stop all the orders is a support question', 'stop all my orders'],
		['the phrase inside a longer message asks nothing of us', 'please do not contact me before 10'],
	])('%s: %j changes nothing', (_, text) => {
		expect(consentWord(text)).toBeNull();
	});

	it('START with a smile lets them back in', () => {
		expect(consentWord('Start 😊')).toBe('start');
	});
});
