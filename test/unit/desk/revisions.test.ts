/**
 * What the operator sees when a customer edits, deletes or reacts to a message, or answers one:
 * the change on that message's own line, picked up by the page's polling.
 */
import type { ConversationView } from '../../../nodes/shared/desk/conversation';
import type { DeskList } from '../../../nodes/shared/desk/list';
import { parseInbound, type InboundMessageInput } from '../../../nodes/shared/envelope';
import { BACKENDS, openDeskWorld, type DeskWorld } from './world';

describe.each(BACKENDS)('revised messages in the desk on %s', (_name, open) => {
	let w: DeskWorld;
	beforeAll(async () => {
		w = await openDeskWorld(open);
	});
	afterAll(() => w.dispose());

	let n = 0;
	/** Olga's next delivery on Telegram, in the chat the world's customerWrites opened. */
	const olga = (USER: string, fields: Partial<InboundMessageInput>) =>
		w.store.conversations.logInbound(
			parseInbound({
				channel: 'telegram',
				account: 'support',
				externalId: `olga-${++n}`,
				conversationKey: USER,
				sender: { id: USER, name: 'Olga' },
				text: '',
				receivedAt: new Date().toISOString(),
				raw: {},
				...fields,
			}),
		);
	/** The channel's id of a line, as Olga's app names it in a reaction, edit or reply. */
	const channelIdOf = async (conversationId: number, lineId: number) =>
		(await w.store.messages.list(conversationId)).find((m) => m.id === lineId)!.channelMessageId!;
	const view = async (token: string, conversationId: number) =>
		(await w.call(token, { action: 'conversation', conversationId })).body as ConversationView;

	test('a reaction shows on the message it reacts to, and the polling page gets that line again, not a new one', async () => {
		const USER = 'tg-7001';
		const conversation = await w.customerWrites({ topic: 'billing', name: 'Olga', userId: USER, text: 'I was charged twice' });
		const anna = await w.signIn('anna');
		const before = await view(anna, conversation.id);
		const [question] = before.history;

		const { message } = await olga(USER, { attachments: [{ type: 'reaction', name: '👍' }], revises: { kind: 'reaction', of: await channelIdOf(conversation.id, question.id) } });

		const polled = (await w.call(anna, { action: 'changes', conversationId: conversation.id, after: before.cursor })).body as {
			conversation: ConversationView;
			list: DeskList;
		};
		expect(message.id).toBe(question.id);
		expect(polled.conversation.history.map((line) => [line.id, line.text, line.reactions])).toEqual([[question.id, 'I was charged twice', ['👍']]]);
		expect((await view(anna, conversation.id)).history).toHaveLength(1);

		const quiet = (await w.call(anna, { action: 'changes', conversationId: conversation.id, after: polled.conversation.cursor })).body as {
			conversation: ConversationView;
		};
		expect(quiet.conversation.history).toEqual([]);
	});

	test('an edited message shows its new text with the first one; a deleted one its mark, its words to a supervisor only', async () => {
		const USER = 'tg-7002';
		const conversation = await w.customerWrites({ topic: 'billing', name: 'Olga', userId: USER, text: 'my card number is 4111 1111' });
		const [anna, sveta] = [await w.signIn('anna'), await w.signIn('sveta')];
		const line = (await view(anna, conversation.id)).history.at(-1)!;

		await olga(USER, { text: 'my card number is 4111 1111 1111', revises: { kind: 'edit', of: await channelIdOf(conversation.id, line.id) } });
		const edited = (await view(anna, conversation.id)).history.at(-1)!;
		expect(edited).toMatchObject({ id: line.id, text: 'my card number is 4111 1111 1111', edited: { original: 'my card number is 4111 1111' }, deleted: null });

		await olga(USER, { revises: { kind: 'delete', of: await channelIdOf(conversation.id, line.id) } });
		expect((await view(anna, conversation.id)).history.at(-1)).toMatchObject({ id: line.id, text: '', attachments: [], edited: { original: null }, deleted: { at: expect.any(String) } });
		expect((await view(sveta, conversation.id)).history.at(-1)).toMatchObject({ id: line.id, text: 'my card number is 4111 1111 1111', deleted: { at: expect.any(String) } });
		const row = ((await w.call(anna, { action: 'list' })).body as DeskList).mine.find((r) => r.conversationId === conversation.id);
		expect(row?.lastMessage?.text).toBe('deleted by the customer');
	});

	test('a reply shows what it answers', async () => {
		const USER = 'tg-7003';
		const conversation = await w.customerWrites({ topic: 'billing', name: 'Olga', userId: USER, text: 'Invoice 77 is wrong' });
		const anna = await w.signIn('anna');
		const question = (await view(anna, conversation.id)).history.at(-1)!;

		await olga(USER, { text: 'Any news?', inReplyTo: await channelIdOf(conversation.id, question.id) });

		expect((await view(anna, conversation.id)).history.at(-1)).toMatchObject({ text: 'Any news?', inReplyTo: { messageId: question.id, excerpt: 'Invoice 77 is wrong' } });
	});
});
