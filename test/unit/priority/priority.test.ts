import { randomUUID } from 'node:crypto';

import { correctCard, lookUpCard } from '../../../nodes/shared/customers';
import { prioritize, storedPriority } from '../../../nodes/shared/priority';
import { backdate, BACKENDS, daysAgo, inbound, minutesLater, storePerSuite } from '../customers/backends';
import { policyWith } from './policy';

const POLICY = policyWith();

describe.each(BACKENDS)('the prioritizer on %s', (_name, makeBackend) => {
	const suite = storePerSuite(makeBackend);
	let account: string;

	beforeEach(() => {
		account = randomUUID();
	});

	const writes = (userId: string, text: string, channel: 'telegram' | 'whatsapp' = 'telegram') =>
		suite.store.conversations.logInbound(inbound(channel, `${channel}-${account}`, { id: userId }, text));

	test("a VIP's question is served before a regular customer's, with a 5-minute first response", async () => {
		const vip = await writes('vip', 'Where is my order?');
		await correctCard(suite.store.db, vip.customer.id, { vipTier: 2 });
		const regular = await writes('regular', 'Where is my order?');

		const vipPriority = await prioritize(suite.store.db, { conversationId: vip.conversation.id, text: 'Where is my order?' }, POLICY);
		const regularPriority = await prioritize(suite.store.db, { conversationId: regular.conversation.id, text: 'Where is my order?' }, POLICY);

		expect(vipPriority).toMatchObject({ score: 70, level: 'urgent', reasons: ['VIP tier 2 ≥ 1: +50', 'VIP tier 2 ≥ 2: +20'], repeatOf: [] });
		expect(regularPriority).toMatchObject({ score: 0, level: 'normal', reasons: [], nextResponseDue: null });
		expect(vipPriority.firstResponseDue).toBe(minutesLater(5, new Date(vip.conversation.createdAt)).toISOString());
		expect(regularPriority.firstResponseDue).toBe(minutesLater(60, new Date(regular.conversation.createdAt)).toISOString());
		expect(await storedPriority(suite.store.db, vip.conversation.id)).toEqual(vipPriority);
	});

	test.each([
		['ru', 'Это безобразие, я напишу жалобу', 'angry: “жалоб”'],
		['uk', 'Я залишу скаргу на вашу службу', 'angry: “скарг”'],
		['fr', 'Je vais déposer une plainte', 'angry: “plainte”'],
		['en', 'This is unacceptable', 'angry: “unacceptable”'],
		['exclamations', 'Where is my parcel!!!', 'angry: “!!!”'],
		['capitals', 'WHERE IS MY PARCEL', 'angry: ALL CAPS'],
		['urgency', 'Терміново потрібна допомога', 'urgent: “терміново”'],
	])('an angry or urgent message (%s) is raised above a calm one', async (_case, text, reason) => {
		const { conversation } = await writes(`u-${randomUUID()}`, text);
		const raised = await prioritize(suite.store.db, { conversationId: conversation.id, text }, POLICY);
		const calm = await prioritize(suite.store.db, { conversationId: conversation.id, text: 'Where is my parcel, please?' }, POLICY);
		expect(raised.reasons).toEqual([expect.stringContaining(reason)]);
		expect(raised.score).toBeGreaterThan(calm.score);
	});

	test('a customer who wrote about delivery on Telegram 3 days ago and writes on WhatsApp about it again is a repeat contact', async () => {
		const phone = `38067${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
		const before = await writes('tg-user', 'Посилка не прийшла');
		await lookUpCard(suite.store.db, { by: 'message', message: inbound('telegram', `telegram-${account}`, { id: 'tg-user', phone }) });
		await prioritize(suite.store.db, { conversationId: before.conversation.id, topic: 'delivery', text: 'Посилка не прийшла' }, POLICY);
		await suite.store.conversations.close(before.conversation.id);
		await backdate(suite.store.db, before.conversation.id, daysAgo(3));
		const otherTopic = await writes('tg-user-2', 'Хочу змінити тариф');
		await lookUpCard(suite.store.db, { by: 'message', message: inbound('telegram', `telegram-${account}`, { id: 'tg-user-2', phone }) });
		await prioritize(suite.store.db, { conversationId: otherTopic.conversation.id, topic: 'billing', text: 'тариф' }, POLICY);

		const now = await writes(phone, 'Досі немає посилки', 'whatsapp');
		await lookUpCard(suite.store.db, { by: 'message', message: inbound('whatsapp', `whatsapp-${account}`, { id: phone }) });
		const priority = await prioritize(suite.store.db, { conversationId: now.conversation.id, topic: 'delivery', text: 'Досі немає посилки' }, POLICY);

		expect(priority.repeatOf).toEqual([before.conversation.id]);
		expect(priority.reasons).toEqual([`repeat contact (conversation ${before.conversation.id}): +25`]);
		expect(priority.firstResponseDue).toBe(minutesLater(30, new Date(now.conversation.createdAt)).toISOString());
		expect((await storedPriority(suite.store.db, now.conversation.id))?.repeatOf).toEqual([before.conversation.id]);
		expect((await suite.store.conversations.get(now.conversation.id))?.topic).toBe('delivery');
	});

	test('the same topic 10 days ago, outside a 7-day window, is not a repeat', async () => {
		const old = await writes('u-old', 'Refund please');
		await prioritize(suite.store.db, { conversationId: old.conversation.id, topic: 'refund', text: 'Refund please' }, POLICY);
		await suite.store.conversations.close(old.conversation.id);
		await backdate(suite.store.db, old.conversation.id, daysAgo(10));

		const now = await writes('u-old', 'Refund please, again');
		const priority = await prioritize(suite.store.db, { conversationId: now.conversation.id, topic: 'refund', text: 'Refund please, again' }, POLICY);
		expect(priority.repeatOf).toEqual([]);
		expect(await storedPriority(suite.store.db, now.conversation.id)).toMatchObject({ repeatOf: [], score: 0 });
	});

	test('a customer left waiting is raised, and after an operator answers the next-response clock runs', async () => {
		const { conversation } = await writes('waiting', 'Hello?');
		const at = minutesLater(45, new Date(conversation.createdAt));
		const waited = await prioritize(suite.store.db, { conversationId: conversation.id, text: 'Hello?' }, POLICY, at);
		expect(waited.reasons).toEqual(['waited 45 min > 30: +15']);

		const answer = await suite.store.messages.addOutbound({ conversationId: conversation.id, channel: 'telegram', author: 'operator:7', text: 'Hi!' });
		await suite.store.messages.markSent(answer.id, 'tg-out-1');
		const afterAnswer = await prioritize(suite.store.db, { conversationId: conversation.id, text: 'Hi!' }, POLICY, at);
		expect(afterAnswer).toMatchObject({ firstResponseDue: null, nextResponseDue: null, reasons: [] });

		const followUp = await writes('waiting', 'One more question');
		const priority = await prioritize(suite.store.db, { conversationId: conversation.id, text: 'One more question' }, POLICY);
		const [, second] = (await suite.store.messages.list(conversation.id)).filter((m) => m.direction === 'in');
		expect(second.id).toBe(followUp.message.id);
		expect(priority.nextResponseDue).toBe(minutesLater(60, new Date(second.createdAt)).toISOString());
	});

	test('a customer handed off by the bot today, after chatting with it for days, waits from the hand-off', async () => {
		const { conversation } = await writes('bot-chat', 'Where is my order?');
		await backdate(suite.store.db, conversation.id, daysAgo(3));
		await writes('bot-chat', 'operator please');
		const handedOffAt = new Date();
		const at = minutesLater(10, handedOffAt);

		const priority = await prioritize(
			suite.store.db,
			{ conversationId: conversation.id, text: 'operator please', waitingSince: handedOffAt.toISOString() },
			POLICY,
			at,
		);

		expect(priority.firstResponseDue).toBe(minutesLater(60, handedOffAt).toISOString());
		expect(priority.reasons).toEqual([]);
		const input = { conversationId: conversation.id, text: 'hello?', waitingSince: handedOffAt.toISOString() };
		const still = await prioritize(suite.store.db, input, POLICY, minutesLater(40, handedOffAt));
		expect(still.firstResponseDue).toBe(priority.firstResponseDue);
		expect(still.reasons).toEqual(['waited 40 min > 30: +15']);
	});
});
