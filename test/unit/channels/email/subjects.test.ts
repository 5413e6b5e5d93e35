/**
 * What a mail's subject tells when the body cannot. A customer forwards the shop's own mail with a
 * line on top: the forwarded mail is what the operator must read, though Outlook writes it under the
 * same From/Sent block as the history of a reply, which is left out. An out-of-office answer is
 * known by the words the customer's mail program puts in its subject, in their language.
 */
import { normaliseMail } from '../../../../nodes/shared/channels/email/normalise';
import { parseMail } from '../../../../nodes/shared/channels/email/parse';

const BODY = [
	'This says it shipped a week ago, but nothing came.',
	'',
	'From: Acme Store <orders@acme.test>',
	'Sent: Monday, November 30, 2026 10:12 AM',
	'To: Anna Petrova <anna@example.com>',
	'Subject: Your order 4512 has shipped',
	'',
	'Your order 4512 is on its way. Tracking number: ZX123456.',
].join('\r\n');

async function textOf(subject: string): Promise<string> {
	const source = `From: Anna Petrova <anna@example.com>\r\nTo: support@acme.test\r\nSubject: ${subject}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${BODY}\r\n`;
	const message = normaliseMail(await parseMail(Buffer.from(source)), { account: 'support@acme.test', mailbox: 'INBOX', uidValidity: 7, uid: 1 });
	return message.text;
}

describe('a customer forwards a mail to support', () => {
	it.each(['FW: Your order 4512 has shipped', 'Fwd: Your order 4512 has shipped', 'WG: Ihre Bestellung', 'TR : Votre commande', 'Пересл: Ваш заказ'])(
		'keeps the forwarded mail under their words (%s)',
		async (subject) => {
			expect(await textOf(subject)).toBe(BODY.replace(/\r\n/g, '\n'));
		},
	);

	it('still leaves out the history under a reply, and under a reply to a forward', async () => {
		for (const subject of ['RE: Your order 4512 has shipped', 'Re: Fwd: Your order 4512 has shipped']) {
			expect(await textOf(subject)).toBe('This says it shipped a week ago, but nothing came.');
		}
	});
});

describe('an out-of-office answer to our mail, in the words of the customer’s mail program', () => {
	it.each([
		'Automatic reply: Your order 4512',
		'Abwesenheitsnotiz: Ihre Bestellung',
		'Automatische Antwort: Ihre Bestellung',
		'Respuesta automática: Su pedido',
		'Risposta automatica: Il suo ordine',
		'Odpowiedź automatyczna: Zamówienie',
		'Automatisch antwoord: Uw bestelling',
		'Resposta automática: Seu pedido',
	])('is no customer writing (%s)', async (subject) => {
		expect(await automaticOf(subject, 'In-Reply-To: <reply-1@acme.test>')).toEqual({ kind: 'auto-reply', reason: `Subject: ${subject}` });
		expect(await automaticOf(subject, 'Return-Path: <>')).toEqual({ kind: 'auto-reply', reason: `Subject: ${subject}` });
	});
});

describe('a customer’s own first mail whose subject starts like an out-of-office answer', () => {
	it.each([
		'On vacation next week - can I pause my subscription?',
		'Auto reply in my mailbox stopped working',
		'Out of office message shows wrong dates',
		'В отпуске - как заморозить абонемент?',
		'Нет на месте посылки! Заказ 4512',
		'Réponse automatique : comment la désactiver ?',
	])('reaches people (%s)', async (subject) => {
		expect(await automaticOf(subject, 'Return-Path: <anna@example.com>')).toBeUndefined();
	});
});

async function automaticOf(subject: string, evidence: string) {
	const source = `${evidence}\r\nFrom: Anna <anna@example.com>\r\nTo: support@acme.test\r\nSubject: ${subject}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBack on Monday.\r\n`;
	return normaliseMail(await parseMail(Buffer.from(source)), { account: 'support@acme.test', mailbox: 'INBOX', uidValidity: 7, uid: 2 }).automatic;
}
