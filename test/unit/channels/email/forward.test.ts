/**
 * A customer forwards the shop's own mail to support with a line on top: the forwarded mail is
 * what the operator must read, though Outlook writes it under the same From/Sent block as the
 * history of a reply, which is left out.
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
