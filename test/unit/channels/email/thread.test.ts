import { stripQuotedReply } from '../../../../nodes/shared/channels/email/quote';
import { messageIds, replySubject, threadRoot } from '../../../../nodes/shared/channels/email/thread';

describe('what a customer wrote, without what their mail client quoted', () => {
	it('drops quoted lines and the "On … wrote:" line above them', () => {
		const text = 'Yes, please cancel it.\n\nOn Tue, 4 Jun 2024, 09:12 Acme Support <support@acme.test> wrote:\n> Shall we cancel order 1234?\n> Acme';
		expect(stripQuotedReply(text)).toBe('Yes, please cancel it.');
	});

	it('keeps the customer’s words between quoted parts when they answer inline', () => {
		const text = '> Which colour?\nBlue.\n> Which size?\nM.';
		expect(stripQuotedReply(text)).toBe('Blue.\nM.');
	});

	it('keeps a line that merely starts with "On" and ends with "wrote:" when no quote follows it', () => {
		const text = 'On the form I wrote:\nmy address is Main St 5.';
		expect(stripQuotedReply(text)).toBe(text);
	});

	it('keeps the whole text when all of it is quoted, rather than passing on an empty message', () => {
		expect(stripQuotedReply('> forwarded complaint\n> from my neighbour')).toBe('> forwarded complaint\n> from my neighbour');
	});
});

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
