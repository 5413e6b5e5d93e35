import { messageIds, replySubject, threadRoot } from '../../../../nodes/shared/channels/email/thread';

describe('e-mail threads', () => {
	it('finds the root in References first, then In-Reply-To, then the mail’s own id', () => {
		expect(threadRoot(['<a@x>', '<b@x>'], '<b@x>', '<c@x>')).toBe('<a@x>');
		expect(threadRoot([], '<b@x>', '<c@x>')).toBe('<b@x>');
		expect(threadRoot([], undefined, '<c@x>')).toBe('<c@x>');
	});

	it('reads ids however the header folds or separates them', () => {
		expect(messageIds('<a@x>\r\n <b@x>,<c@x>')).toEqual(['<a@x>', '<b@x>', '<c@x>']);
	});

	it('adds "Re:" once, in place of the prefixes other mail programs stacked', () => {
		expect(replySubject('Order 1234')).toBe('Re: Order 1234');
		expect(replySubject('RE: Order 1234')).toBe('Re: Order 1234');
		for (const subject of ['AW: Bestellung 1234', 'Re: AW: Bestellung 1234', 'SV: Bestellung 1234', 'Re[2]: Bestellung 1234', 'RE (3): Bestellung 1234']) {
			expect(replySubject(subject)).toBe('Re: Bestellung 1234');
		}
		expect(replySubject('Ответ: Заказ 1234')).toBe('Re: Заказ 1234');
		expect(replySubject('Відповідь: Re: Замовлення 1234')).toBe('Re: Замовлення 1234');
		expect(replySubject('Revision of order 1234')).toBe('Re: Revision of order 1234');
		expect(replySubject(undefined)).toBe('Re:');
	});
});
