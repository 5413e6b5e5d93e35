/**
 * A customer edits, deletes or reacts to a message they sent earlier: the store changes that
 * message instead of logging a new empty one; a reply keeps what it answers. Run on both backends.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parseInbound, type InboundMessageInput } from '../../../nodes/shared/envelope';
import { BACKENDS, storePerSuite } from '../../harness/backends';
import { DELIVER, type CorpusChannel } from '../channels/corpus/deliver';

/** Replies written by others (test/fixtures, sources in each MANIFEST.json), and what the earlier message said. */
const REAL_REPLIES: Array<[CorpusChannel, string]> = [
	['telegram', 'reply_message.json'],
	['whatsapp', 'pywa-message-reply.json'],
	['messenger', 'meta-docs-reply-message.json'],
];

function deliveredReply(channel: CorpusChannel, file: string) {
	const verdict = DELIVER[channel](readFileSync(join(__dirname, '../../fixtures', channel, file)));
	if (verdict.kind !== 'accept' || verdict.messages.length !== 1) throw new Error(`${file} is not one message`);
	return verdict.messages[0];
}

describe.each(BACKENDS)('revisions of earlier messages on %s', (_name, makeBackend) => {
	const suite = storePerSuite(makeBackend);
	let account: string;
	let delivery = 0;

	beforeEach(() => {
		account = `acct-${randomUUID()}`;
	});

	/** A delivery in Anna's chat; Telegram names deliveries by update id and messages by message id. */
	const fromAnna = (fields: Partial<InboundMessageInput>, channel: InboundMessageInput['channel'] = 'telegram') =>
		parseInbound({
			channel,
			account,
			externalId: `update-${++delivery}`,
			conversationKey: '5001',
			sender: { id: '5001', name: 'Anna' },
			text: '',
			receivedAt: new Date().toISOString(),
			raw: {},
			...fields,
		});

	const lines = async (conversationId: number) => suite.store.messages.list(conversationId);

	test('a customer who fixes a typo changes their message: the new text, the first one kept, the time of the edit, no new line', async () => {
		const asked = await suite.store.conversations.logInbound(fromAnna({ messageId: '71', text: 'Where is my ordr 1234?' }));
		const editedAt = '2026-12-05T10:00:00.000Z';

		const edit = fromAnna({ messageId: '71', text: 'Where is my order 1234?', revises: { kind: 'edit', of: '71' }, receivedAt: editedAt });
		const logged = await suite.store.conversations.logInbound(edit);
		// Telegram sends the same edit again when our answer is slow: the first text stays the original.
		await suite.store.conversations.logInbound(fromAnna({ ...edit, externalId: 'update-again', text: 'Where is my order 1234??' }));

		const [only, ...more] = await lines(asked.conversation.id);
		expect(more).toEqual([]);
		expect(logged.message.id).toBe(asked.message.id);
		expect(only).toMatchObject({ text: 'Where is my order 1234??', originalText: 'Where is my ordr 1234?', editedAt, deletedAt: null });
	});

	test('a message the customer deleted is marked deleted, its text kept in the store', async () => {
		const asked = await suite.store.conversations.logInbound(fromAnna({ externalId: 'wamid.A1', text: 'my card is 4111 1111 1111 1111' }, 'whatsapp'));

		await suite.store.conversations.logInbound(fromAnna({ externalId: 'wamid.A2', revises: { kind: 'delete', of: 'wamid.A1' } }, 'whatsapp'));

		const [only, ...more] = await lines(asked.conversation.id);
		expect(more).toEqual([]);
		expect(only.deletedAt).not.toBeNull();
		expect(only.text).toBe('my card is 4111 1111 1111 1111');
	});

	test('a reaction lands on the message it reacts to, our own reply included, and taking it back removes it', async () => {
		const asked = await suite.store.conversations.logInbound(fromAnna({ messageId: '80', text: 'Is the parcel on its way?' }));
		const reply = await suite.store.messages.addOutbound({ conversationId: asked.conversation.id, channel: 'telegram', author: 'bot', text: 'Yes, it left today.' });
		await suite.store.messages.markSent(reply.id, '81');

		await suite.store.conversations.logInbound(fromAnna({ attachments: [{ type: 'reaction', name: '👍' }], revises: { kind: 'reaction', of: '81' } }));
		// A changed mind replaces the person's reaction rather than adding a second.
		await suite.store.conversations.logInbound(fromAnna({ attachments: [{ type: 'reaction', name: '❤' }], revises: { kind: 'reaction', of: '81' } }));
		let [question, answer, ...more] = await lines(asked.conversation.id);
		expect(more).toEqual([]);
		expect(question.reactions).toEqual([]);
		expect(answer.reactions.map((r) => [r.by, r.emoji])).toEqual([['5001', '❤']]);

		await suite.store.conversations.logInbound(fromAnna({ attachments: [{ type: 'reaction' }], revises: { kind: 'reaction', of: '81' } }));
		[question, answer, ...more] = await lines(asked.conversation.id);
		expect(more).toEqual([]);
		expect(answer.reactions).toEqual([]);
	});

	test('in a group each member’s reaction stays, one per person', async () => {
		const asked = await suite.store.conversations.logInbound(fromAnna({ messageId: '90', text: 'Our office has no internet' }));
		const boris = { id: '5002', name: 'Boris' };

		await suite.store.conversations.logInbound(fromAnna({ attachments: [{ type: 'reaction', name: '👍' }], revises: { kind: 'reaction', of: '90' } }));
		await suite.store.conversations.logInbound(fromAnna({ sender: boris, attachments: [{ type: 'reaction', name: '😢' }], revises: { kind: 'reaction', of: '90' } }));

		const [line] = await lines(asked.conversation.id);
		expect(line.reactions.map((r) => [r.by, r.emoji])).toEqual([
			['5001', '👍'],
			['5002', '😢'],
		]);
	});

	test('an edit of a message the store never got is logged as a line of its own, as before', async () => {
		const logged = await suite.store.conversations.logInbound(fromAnna({ messageId: '99', text: 'edited text', revises: { kind: 'edit', of: '12' } }));

		expect((await lines(logged.conversation.id)).map((m) => [m.text, m.editedAt])).toEqual([['edited text', null]]);
	});

	test('a customer cannot edit or delete our reply: naming it leaves it as it was', async () => {
		const asked = await suite.store.conversations.logInbound(fromAnna({ messageId: '60', text: 'Hello?' }));
		const reply = await suite.store.messages.addOutbound({ conversationId: asked.conversation.id, channel: 'telegram', author: 'bot', text: 'Hi, how can we help?' });
		await suite.store.messages.markSent(reply.id, '61');

		await suite.store.conversations.logInbound(fromAnna({ messageId: '61', text: 'forged', revises: { kind: 'edit', of: '61' } }));

		const history = await lines(asked.conversation.id);
		expect(history.find((m) => m.id === reply.id)).toMatchObject({ text: 'Hi, how can we help?', editedAt: null });
	});

	test('an edit to a message of a resolved conversation changes it and reopens nothing', async () => {
		const asked = await suite.store.conversations.logInbound(fromAnna({ messageId: '50', text: 'Thanks, all good' }));
		await suite.store.conversations.close(asked.conversation.id);

		const logged = await suite.store.conversations.logInbound(fromAnna({ messageId: '50', text: 'Thanks, all good!', revises: { kind: 'edit', of: '50' } }));

		expect(logged.conversation).toMatchObject({ id: asked.conversation.id, state: 'resolved' });
		expect(await suite.store.conversations.findOpen('telegram', account, '5001')).toBeNull();
	});

	test('the same message id in another customer’s chat is not theirs to change', async () => {
		const asked = await suite.store.conversations.logInbound(fromAnna({ messageId: '40', text: 'Original' }));

		await suite.store.conversations.logInbound(fromAnna({ conversationKey: '7007', sender: { id: '7007' }, messageId: '40', text: 'Changed', revises: { kind: 'edit', of: '40' } }));

		expect((await lines(asked.conversation.id)).map((m) => m.text)).toEqual(['Original']);
	});

	test.each(REAL_REPLIES)('a real %s reply (%s) keeps the stored message it answers, with an excerpt of it', async (_channel, file) => {
		const reply = { ...deliveredReply(_channel, file), account };
		const earlier = await suite.store.conversations.logInbound(
			parseInbound({ ...reply, externalId: reply.inReplyTo!, messageId: reply.inReplyTo, inReplyTo: undefined, quote: undefined, text: 'Can I change the delivery address?   It is urgent.' }),
		);

		const logged = await suite.store.conversations.logInbound(reply);

		expect(logged.conversation.id).toBe(earlier.conversation.id);
		expect(logged.message).toMatchObject({ replyTo: earlier.message.id, replyExcerpt: 'Can I change the delivery address? It is urgent.' });
	});

	test('a reply to a message the store does not hold keeps the channel’s quote of it, cut short', async () => {
		const quote = `Order 1234: ${'a very long line '.repeat(20)}`;
		const logged = await suite.store.conversations.logInbound(fromAnna({ messageId: '31', text: 'This one', inReplyTo: '30', quote }));

		expect(logged.message.replyTo).toBeNull();
		expect(logged.message.replyExcerpt).toHaveLength(140);
		expect(logged.message.replyExcerpt).toMatch(/^Order 1234: a very long line .*…$/);
	});
});
