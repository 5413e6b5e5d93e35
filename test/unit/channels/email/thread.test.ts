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

	it('adds "Re:" once', () => {
		expect(replySubject('Order 1234')).toBe('Re: Order 1234');
		expect(replySubject('RE: Order 1234')).toBe('RE: Order 1234');
		expect(replySubject(undefined)).toBe('Re:');
	});
});
