import { stripQuotedReply } from '../../../../nodes/shared/channels/email/quote';

const OWN = 'Мой заказ 1234 так и не пришёл.';

describe('what a customer wrote, without the history their mail client quoted under it', () => {
	it('drops quoted lines and the "On … wrote:" line above them', () => {
		const text = 'Yes, please cancel it.\n\nOn Tue, 4 Jun 2024, 09:12 Acme Support <support@acme.test> wrote:\n> Shall we cancel order 1234?\n> Acme';
		expect(stripQuotedReply(text)).toBe('Yes, please cancel it.');
	});

	it.each([
		['Outlook in English', 'From: Acme Support <support@acme.test>\nSent: Tuesday, June 4, 2024 9:12 AM\nTo: Anna\nSubject: Your order'],
		['Outlook in Russian', 'От: Acme Support <support@acme.test>\nОтправлено: 4 июня 2024 г. 9:12\nКому: Анна\nТема: Ваш заказ'],
		['Outlook in Ukrainian', 'Від: Acme Support <support@acme.test>\nНадіслано: 4 червня 2024 р. 9:12\nКому: Анна\nТема: Ваше замовлення'],
		['Outlook in French', 'De : Acme Support <support@acme.test>\nEnvoyé : mardi 4 juin 2024 09:12\nÀ : Anna\nObjet : Votre commande'],
		['Outlook under a rule', '________________________________\nFrom: Acme Support <support@acme.test>\nSent: Tuesday, June 4, 2024 9:12 AM'],
		['an "Original Message" separator', '-----Original Message-----\nFrom: support@acme.test'],
		['a Russian Outlook separator', '-----Исходное сообщение-----\nОт: support@acme.test'],
		['a French separator', "-------- Message d'origine --------\nDe : support@acme.test"],
		['Gmail in Russian', 'вт, 4 июн. 2024 г. в 09:12, Acme Support <support@acme.test>:\n\n> Ваш заказ отправлен.'],
		['Yandex', '04.06.2024, 09:12, "Acme Support" <support@acme.test>:\n> Ваш заказ отправлен.'],
		['Mail.ru', 'Вторник, 4 июня 2024, 9:12 +03:00 от Acme Support <support@acme.test>:\n> Ваш заказ отправлен.'],
		['Gmail in Ukrainian', 'вт, 4 черв. 2024 р. о 09:12 Acme Support <support@acme.test> пише:\n> Ваше замовлення відправлено.'],
		['Apple Mail in French', 'Le 4 juin 2024 à 09:12, Acme Support <support@acme.test> a écrit :\n\n> Votre commande est partie.'],
		['Thunderbird in Russian', '04.06.2024 09:12, Acme Support пишет:\n> Ваш заказ отправлен.'],
		['Gmail in Russian, a long name wrapping the address', 'пн, 3 июн. 2024 г. в 13:00, Служба поддержки интернет-магазина Acme <\nsupport@acme.test>:\n\n> Ваш заказ отправлен.'],
		['Gmail’s HTML turned into text, the address wrapped', 'On Mon, Jun 3, 2024 at 1:00 PM Acme Support <support@acme.test\n[support@acme.test]> wrote:\n\n\n> We are checking your order.'],
		['Outlook’s HTML rule turned into dashes', '-'.repeat(80) + '\nFrom: Acme Support <support@acme.test>\nSent: Monday, June 3, 2024 1:00 PM\nTo: Anna\nSubject: Re: Order 1234'],
	])('cuts the history %s announces, and only that', (_client, history) => {
		// Clients that quote with ">" quote all of the earlier mail; Outlook quotes it bare.
		const rest = history.includes('\n>') ? '\n>\n> Older text the support wrote.' : '\n\nOlder text the support wrote.';
		expect(stripQuotedReply(`${OWN}\n\n${history}${rest}`)).toBe(OWN);
	});

	it('keeps a ">" line in the middle of the customer’s own text: it is not a quote of our mail', () => {
		const text = 'The courier’s note said:\n> delivered to the neighbour\nbut no neighbour has it. Order 1234.';
		expect(stripQuotedReply(text)).toBe(text);
	});

	it('keeps an inline answer whole: the customer’s words between the quoted questions need the questions', () => {
		const text = 'On Tue, 4 Jun 2024, Acme Support <support@acme.test> wrote:\n> Which colour?\nBlue.\n> Which size?\nM.';
		expect(stripQuotedReply(text)).toBe(text);
	});

	it('drops a quote that runs to the end of the mail even without an attribution above it', () => {
		expect(stripQuotedReply('Blue, please.\n\n> Which colour would you like?\n>\n> Acme')).toBe('Blue, please.');
	});

	it('keeps a line that merely starts with "On" and ends with "wrote:" when it names no date or address', () => {
		const text = 'On the form I wrote:\nmy address is Main St 5.';
		expect(stripQuotedReply(text)).toBe(text);
	});

	it('keeps the whole text when all of it is quoted, rather than passing on an empty message', () => {
		expect(stripQuotedReply('> forwarded complaint\n> from my neighbour')).toBe('> forwarded complaint\n> from my neighbour');
	});
});
