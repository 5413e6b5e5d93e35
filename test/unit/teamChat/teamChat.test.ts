import { notesOf } from '../../../nodes/shared/desk/notes';
import { latestEntry } from '../../../nodes/shared/routing/views';
import { postToTeamTopic, topicOf } from '../../../nodes/shared/teamChat';
import { BACKENDS, openTeamWorld, type TeamWorld } from './world';

describe.each(BACKENDS)('Operators answer from the Telegram team group (%s)', (_name, open) => {
	let world: TeamWorld;
	beforeEach(async () => {
		world = await openTeamWorld(open);
	});
	afterEach(() => world.dispose());

	const customer = () => world.customerBot.updates.customer({ id: 600_000_001, first_name: 'Olga', last_name: 'Ivanova', username: 'olga_i' });

	/** A Telegram customer handed to people, with their topic's thread id. */
	async function handedOff(text = 'My invoice is wrong') {
		const user = customer();
		const conversation = await world.customerWritesOnTelegram(user, text);
		await world.handOff(conversation);
		const topic = await topicOf(world.store.db, conversation.id);
		return { user, conversation, threadId: topic!.threadId! };
	}

	const posted = (threadId: number) => world.teamBot.forum.postedIn(world.groupId, threadId).map((m) => m.text ?? '');

	it('a handed-off conversation opens a topic named after it, with the customer card as the first post', async () => {
		const user = customer();
		const conversation = await world.customerWritesOnTelegram(user, 'My invoice is wrong');
		await world.store.customers.update(conversation.customerId, { vipTier: 2, phone: '+79001234567' });
		await world.handOff(conversation);

		const [topic] = world.teamBot.forum.topics(world.groupId);
		expect(topic.name).toBe(`#${conversation.id} Olga Ivanova · telegram`);
		const [card, ...rest] = posted(topic.threadId);
		expect(rest).toEqual([]);
		expect(card).toContain('Customer: Olga Ivanova · VIP tier 2');
		expect(card).toContain('Phone: +79001234567');
		expect(card).toContain(`Channels: telegram ${user.id}`);
		expect(card).toContain('Routing: with Anna in Billing (line 1)');
		expect(card).toContain('Olga Ivanova: My invoice is wrong');
	});

	it("the customer's next message is relayed into the topic once, however often the step runs", async () => {
		const { user, conversation, threadId } = await handedOff();
		await world.customerWritesOnTelegram(user, 'It charges me twice');
		await postToTeamTopic(world.store, world.team, conversation.id);
		await postToTeamTopic(world.store, world.team, conversation.id);

		expect(posted(threadId).slice(1)).toEqual(['Olga Ivanova: It charges me twice']);
		expect(world.teamBot.forum.topics(world.groupId)).toHaveLength(1);
	});

	it("an operator's message in the topic reaches the Telegram customer and is recorded as that operator's reply", async () => {
		const { user, conversation, threadId } = await handedOff();
		const { outcome, sent } = await world.memberWrites(world.annaOnTelegram, threadId, 'Sorry! I have refunded the second charge.');

		expect(outcome.action).toBe('reply');
		expect(sent?.status).toBe('sent');
		expect(world.customerBot.sent(user.id).map((m) => m.text)).toEqual(['Sorry! I have refunded the second charge.']);
		const stored = (await world.store.messages.list(conversation.id)).filter((m) => m.direction === 'out');
		expect(stored.map((m) => [m.author, m.text, m.status])).toEqual([[`operator:${world.anna.id}`, 'Sorry! I have refunded the second charge.', 'sent']]);
	});

	it("an operator's message reaches a web chat customer as a stored outbound line", async () => {
		const conversation = await world.customerWritesOnWebChat('session-42', 'Pavel', 'Where is my refund?');
		await world.handOff(conversation);
		const threadId = (await topicOf(world.store.db, conversation.id))!.threadId!;
		expect(world.teamBot.forum.topics(world.groupId)[0].name).toBe(`#${conversation.id} Pavel · webchat`);

		await world.memberWrites(world.annaOnTelegram, threadId, 'It left us yesterday.');

		const out = (await world.store.messages.list(conversation.id)).filter((m) => m.direction === 'out');
		expect(out.map((m) => [m.channel, m.author, m.text, m.status])).toEqual([['webchat', `operator:${world.anna.id}`, 'It left us yesterday.', 'sent']]);
	});

	it('/note keeps an internal note and sends nothing to the customer', async () => {
		const { user, conversation, threadId } = await handedOff();
		const { outcome } = await world.memberWrites(world.annaOnTelegram, threadId, '/note Customer was double-charged by the old tariff');

		expect(outcome.action).toBe('noted');
		expect(world.customerBot.sent(user.id)).toEqual([]);
		expect((await world.store.messages.list(conversation.id)).filter((m) => m.direction === 'out')).toEqual([]);
		const notes = await notesOf(world.store.db, [conversation.id]);
		expect(notes.map((n) => [n.kind, n.operatorId, n.text])).toEqual([['note', world.anna.id, 'Customer was double-charged by the old tariff']]);
		expect(posted(threadId).at(-1)).toBe('Note saved; the customer does not see it.');
	});

	it('/close closes the conversation, frees the operator and closes the topic', async () => {
		const { conversation, threadId } = await handedOff();
		const { outcome } = await world.memberWrites(world.annaOnTelegram, threadId, '/close');

		expect(outcome.action).toBe('closed');
		expect((await world.store.conversations.get(conversation.id))?.status).toBe('closed');
		expect((await latestEntry(world.store.db, conversation.id))?.state).toBe('closed');
		expect((await world.router.operators.get('anna'))?.active).toBe(0);
		expect(world.teamBot.forum.topics(world.groupId)[0].closed).toBe(true);
		expect((await world.memberWrites(world.annaOnTelegram, threadId, 'One more thing')).outcome.action).toBe('refused');
	});

	it('/transfer to a line and /tag go through the desk operations', async () => {
		const { conversation, threadId } = await handedOff();
		expect((await world.memberWrites(world.annaOnTelegram, threadId, '/tag refund')).outcome.action).toBe('tagged');
		const { outcome } = await world.memberWrites(world.annaOnTelegram, threadId, '/transfer line 2');

		expect(outcome.action).toBe('transferred');
		expect(await world.store.conversations.tags(conversation.id)).toEqual(['refund']);
		expect((await latestEntry(world.store.db, conversation.id))?.line).toBe(2);
		expect((await notesOf(world.store.db, [conversation.id])).map((n) => n.kind)).toEqual(['transfer']);
	});

	it('a group member who is not an operator is told so, and nothing reaches the customer', async () => {
		const { user, conversation, threadId } = await handedOff();
		const { outcome } = await world.memberWrites(world.markOnTelegram, threadId, 'hi, I can help!');

		expect(outcome).toMatchObject({ action: 'refused', conversationId: conversation.id });
		expect(world.customerBot.sent(user.id)).toEqual([]);
		expect((await world.store.messages.list(conversation.id)).filter((m) => m.direction === 'out')).toEqual([]);
		expect(posted(threadId).at(-1)).toBe('Mark Intern is not linked to an operator: the message was not sent to the customer.');
	});

	it("a customer's HTML is posted to the team as plain text", async () => {
		const html = '<b>urgent</b> & <a href="https://evil.example">click</a>';
		const { user, conversation, threadId } = await handedOff(html);
		await world.customerWritesOnTelegram(user, '<script>alert(1)</script>');
		await postToTeamTopic(world.store, world.team, conversation.id);

		const texts = posted(threadId);
		expect(texts[0]).toContain(`Olga Ivanova: ${html}`);
		expect(texts[1]).toBe('Olga Ivanova: <script>alert(1)</script>');
		const sends = world.teamBot.callsTo('sendMessage');
		expect(sends.length).toBeGreaterThan(1);
		expect(sends.filter((c) => 'parse_mode' in c.params || 'entities' in c.params)).toEqual([]);
	});
});
