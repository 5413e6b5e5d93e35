/**
 * Anna's order thread over days, as the store files it: our answer goes under her latest mail, and
 * her mail program's answer that names only our mail (In-Reply-To, no References) joins the same
 * conversation instead of opening another. A mail without a Message-ID gets an answer that names
 * no made-up id. The same mail under another UID (moved back from the archive, sent to two aliases)
 * is taken once.
 */
import { acceptPolledMail, knownThread } from '../../../../nodes/shared/channels/email/storedMail';
import type { OutboundMessage } from '../../../../nodes/shared/envelope';
import type { SendContext } from '../../../../nodes/shared/channels/types';
import { replyToConversation, type Senders } from '../../../../nodes/shared/outbox/reply';
import { BACKENDS, storePerSuite } from '../../../harness/backends';
import { mailTo, ORDER_THREAD } from '../../store/mail';

describe.each(BACKENDS)('an e-mail thread in the store on %s', (_name, makeBackend) => {
	const suite = storePerSuite(makeBackend);
	let n = 0;
	let account: string;
	beforeEach(() => {
		account = `support-${++n}@acme.test`;
	});

	/** The mailbox our answers leave by: what it was asked to send, under the ids it gives them. */
	const outbox = () => {
		const sent: Array<{ message: OutboundMessage; context?: SendContext }> = [];
		const senders: Senders = {
			email: async (message, context) => {
				sent.push({ message, context });
				return { ok: true, externalIds: [`<answer-${sent.length}-${n}@acme.test>`] };
			},
		};
		return { sent, senders };
	};
	const mail = (externalId: string, messageId: string | undefined, headers: { inReplyTo?: string; references?: string[] } = {}, conversationKey = ORDER_THREAD) =>
		mailTo(account, externalId, { ...(messageId ? { messageId } : {}), conversationKey, raw: { messageId, ...headers } });

	test('our answer goes under Anna’s latest mail, and her answer naming only ours stays in the conversation', async () => {
		const first = await suite.store.conversations.logInbound(mail('7:1', ORDER_THREAD));
		await suite.store.conversations.logInbound(mail('7:2', '<order-1234-again@example.net>', { inReplyTo: ORDER_THREAD, references: [ORDER_THREAD] }));
		const { sent, senders } = outbox();

		await replyToConversation(suite.store, senders, first.conversation.id, { text: 'It ships today.', author: 'operator:1' });

		expect(sent[0].message.inReplyTo).toBe('<order-1234-again@example.net>');
		expect(sent[0].context?.references).toEqual([ORDER_THREAD, '<order-1234-again@example.net>']);

		// Six days later her program answers ours naming only it: the thread root it reads is our id.
		const ours = `<answer-1-${n}@acme.test>`;
		const answer = await knownThread(suite.store.db, mail('7:3', '<thanks@example.net>', { inReplyTo: ours }, ours));
		expect(answer.conversationKey).toBe(ORDER_THREAD);
		expect((await suite.store.conversations.logInbound(answer)).conversation.id).toBe(first.conversation.id);
	});

	test('a mail the store never saw keeps its own thread', async () => {
		const stranger = mail('7:4', '<new@example.net>', { inReplyTo: '<unknown@elsewhere.example>' }, '<unknown@elsewhere.example>');
		expect((await knownThread(suite.store.db, stranger)).conversationKey).toBe('<unknown@elsewhere.example>');
	});

	test('an answer to a mail without a Message-ID names no id it made up', async () => {
		const bare = await suite.store.conversations.logInbound(mail('7:9', undefined, {}, '7:9'));
		const { sent, senders } = outbox();

		await replyToConversation(suite.store, senders, bare.conversation.id, { text: 'We got it.', author: 'bot' });

		expect(sent[0].message.inReplyTo).toBeUndefined();
		expect(sent[0].context?.references).toEqual([]);
	});

	test('the same mail under another UID is taken once, in one poll or the next; another mail reusing its Message-ID is not lost', async () => {
		const accept = acceptPolledMail(suite.store);
		const original = mail('7:20', '<invoice@example.net>');
		expect(await accept(original)).toBe(true);
		expect(await accept({ ...original, externalId: '7:21' })).toBe(false);
		await suite.store.conversations.logInbound(original);

		const nextPoll = acceptPolledMail(suite.store);
		expect(await nextPoll({ ...original, externalId: '7:35' })).toBe(false);
		expect(await nextPoll({ ...original, externalId: '7:36', text: 'A careless sender repeats its Message-ID.' })).toBe(true);
	});
});
