/**
 * The charsets Russian and Ukrainian mail really arrives in: koi8-r and windows-1251, in
 * encoded words, in 8-bit bodies, and in raw 8-bit headers that older clients still write.
 */
import { encode } from 'iconv-lite';

import { parseMail } from '../../../../nodes/shared/channels/email/parse';

const bytes = (...parts: Array<string | Buffer>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p)));
const encodedWord = (text: string, charset: string) => `=?${charset}?B?${encode(text, charset).toString('base64')}?=`;

describe('Cyrillic mail in the charsets it really uses', () => {
	it.each(['koi8-r', 'windows-1251'])('reads %s in encoded-word headers and in an 8-bit body', async (charset) => {
		const mail = await parseMail(
			bytes(
				`From: ${encodedWord('Анна Петрова', charset)} <anna@example.ru>\r\nSubject: ${encodedWord('Где мой заказ?', charset)}\r\n`,
				`MIME-Version: 1.0\r\nContent-Type: text/plain; charset=${charset}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`,
				encode('Здравствуйте! Заказ 1234 так и не пришёл.', charset),
			),
		);

		expect(mail.from?.value[0]).toMatchObject({ name: 'Анна Петрова', address: 'anna@example.ru' });
		expect(mail.subject).toBe('Где мой заказ?');
		expect(mail.text?.trim()).toBe('Здравствуйте! Заказ 1234 так и не пришёл.');
	});

	it.each(['koi8-r', 'windows-1251'])('reads raw 8-bit %s headers by the charset the mail declares for its text', async (charset) => {
		const mail = await parseMail(
			bytes('From: ', encode('Олена Коваль', charset), ' <olena@example.ua>\r\nSubject: ', encode('Замовлення не прийшло', charset), '\r\n', `Content-Type: text/plain; charset="${charset}"\r\n\r\n`, encode('Доброго дня!', charset)),
		);

		expect(mail.from?.value[0].name).toBe('Олена Коваль');
		expect(mail.subject).toBe('Замовлення не прийшло');
		expect(mail.text?.trim()).toBe('Доброго дня!');
	});

	it.each(['koi8-r', 'windows-1251'])('tells raw 8-bit %s headers apart when the mail declares no charset', async (charset) => {
		const mail = await parseMail(bytes('Subject: ', encode('Возврат денег за заказ', charset), '\r\nFrom: shop@example.ru\r\n\r\nsee subject'));

		expect(mail.subject).toBe('Возврат денег за заказ');
	});

	it('leaves UTF-8 headers alone', async () => {
		const mail = await parseMail(Buffer.from('Subject: Повернення коштів\r\nFrom: a@example.ua\r\n\r\nТекст', 'utf8'));

		expect(mail.subject).toBe('Повернення коштів');
	});
});
