/**
 * The shipped support-pipeline template, run by n8n's own engine: every message is logged against
 * one customer card; the self-service bot answers the standard questions; the rest is classified,
 * prioritised and routed, and the customer is told who answers or their place in the queue.
 */
import { Expression } from 'n8n-workflow';

import { chatHistory } from '../../nodes/shared/channels/webchat/history';
import { deliveryKeys, executionBatches } from '../../nodes/shared/ingest/batches';
import { handleWebChatPost } from '../../nodes/shared/channels/webchat/inbound';
import type { WebhookVerdict } from '../../nodes/shared/channels/types';
import type { InboundMessage } from '../../nodes/shared/envelope';
import { ratingOf, requestRating } from '../../nodes/shared/desk/ratings';
import { routerOn, type Router } from '../../nodes/shared/routing';
import type { Store } from '../../nodes/shared/store';
import type { User } from '../../nodes/shared/channels/telegram/schema';
import { buttonLabels, type FakeTelegram } from '../fakes/telegram/server';
import { runWorkflow, type WorkflowJson } from '../harness/engine';
import { telegramAndStore, telegramTriggerItems, type TelegramAndStore } from '../harness/telegram-store';
import template from '../../workflows/support-pipeline.json';

jest.setTimeout(60_000);

const pipeline = template as unknown as WorkflowJson;

let telegram: FakeTelegram;
let store: Store;
let router: Router;
let credentials: TelegramAndStore['credentials'];
let close: () => Promise<void>;

beforeEach(async () => {
	({ telegram, store, credentials, close } = await telegramAndStore());
	router = routerOn(store.db);
});

afterEach(() => close());

function messagesOf(verdict: WebhookVerdict): InboundMessage[] {
	if (verdict.kind !== 'accept') throw new Error(`expected an accepted delivery, got ${verdict.kind}`);
	return verdict.messages;
}

/** Runs the template as the Telegram trigger would for these updates (several share an execution while n8n is busy). */
function fromTelegram(...updates: object[]) {
	return runWorkflow(pipeline, { credentials, startNode: 'Telegram', triggerItems: telegramTriggerItems(telegram, updates) });
}

const says = async (customer: User, text: string) => {
	const run = await fromTelegram(telegram.updates.text(customer, text));
	expect(run.error).toBeUndefined();
	return run;
};
const chat = (customer: User) => telegram.sent(customer.id).map((m) => m.text ?? m.caption);

async function staff() {
	const general = await router.groups.create({ name: 'General', line: 1, strategy: 'leastLoaded' });
	const olga = await router.operators.create({ name: 'Olga', login: 'olga', skills: [general.id], capacity: 1, status: 'online' });
	return { general, olga };
}

test('a standard question on Telegram is answered by the bot at once, with a way out to a person', async () => {
	const anna = telegram.updates.customer({ first_name: 'Anna', last_name: 'Petrova' });

	await says(anna, 'Where is my order?');

	const [answer] = telegram.sent(anna.id);
	expect(answer.text).toContain('You asked: «Where is my order?»');
	expect(answer.text).toContain('https://example.com/orders');
	const buttons = buttonLabels(answer);
	expect(buttons).toContain('Talk to a person');
	const [conversation] = await store.db.query('SELECT id FROM conversations');
	expect(await store.conversations.tags(Number(conversation.id))).toContain('orders');
});

test('a customer who asks for a person in Russian is routed to a free operator and told in Russian who answers', async () => {
	await staff();
	const boris = telegram.updates.customer({ first_name: 'Boris' });

	const run = await says(boris, 'оператор');

	const [routed] = run.outputOf('Skill Router', 0);
	expect(routed.routing).toMatchObject({ outcome: 'assigned', operator: { name: 'Olga' } });
	expect(chat(boris).at(-1)).toMatch(/\n\nOlga скоро ответит вам здесь\.$/);
});

test('three customers whose messages share one execution each get their own answer in their own chat', async () => {
	await staff();
	const [anna, boris, chloe] = ['Anna', 'Boris', 'Chloé'].map((first_name) => telegram.updates.customer({ first_name }));

	const run = await fromTelegram(
		telegram.updates.text(anna, 'Where is my order?'),
		telegram.updates.text(boris, 'I want to talk to an operator'),
		telegram.updates.text(chloe, 'I want to talk to an operator'),
	);

	expect(run.error).toBeUndefined();
	expect(chat(anna)).toEqual([expect.stringContaining('You asked: «Where is my order?»')]);
	expect(chat(boris)).toEqual([expect.stringMatching(/\n\nOlga will answer you here shortly\.$/)]);
	expect(chat(chloe)).toEqual([expect.stringMatching(/\n\nAll our specialists are busy\. You are number 1 in the queue/)]);
	expect(await store.db.query('SELECT COUNT(DISTINCT customer_id) AS n FROM conversations')).toEqual([{ n: 3 }]);
});

test('the trigger hears that the pack is done with each customer of an execution once that customer has their answer', async () => {
	await staff();
	const [anna, boris, chloe] = ['Anna', 'Boris', 'Chloé'].map((first_name) => telegram.updates.customer({ first_name }));
	const items = telegramTriggerItems(telegram, [
		telegram.updates.text(anna, 'Where is my order?'),
		telegram.updates.text(boris, 'I want to talk to an operator'),
		telegram.updates.text(chloe, 'I want to talk to an operator'),
	]);
	const customers = new Map(deliveryKeys(items.map((item) => (item.json as { message: InboundMessage }).message)).map((key, i) => [key, [anna, boris, chloe][i]]));
	// What each customer's chat held when the batches heard the end of their message.
	const chatsAtEnd = new Map<User, number>();
	const told = jest.spyOn(executionBatches, 'finished').mockImplementation((_workflow, keys) => {
		for (const key of keys) if (customers.has(key) && !chatsAtEnd.has(customers.get(key)!)) chatsAtEnd.set(customers.get(key)!, chat(customers.get(key)!).length);
	});

	const run = await runWorkflow(pipeline, { credentials, startNode: 'Telegram', triggerItems: items });
	told.mockRestore();

	expect(run.error).toBeUndefined();
	expect(chatsAtEnd).toEqual(new Map([[anna, 1], [boris, 1], [chloe, 1]]));
});

test('a customer message runs through the pipeline without one expression, so n8n 2.x builds no isolate for it', async () => {
	await staff();
	const dora = telegram.updates.customer({ first_name: 'Dora' });
	// Counts, and leaves working, every expression n8n evaluates (a private method of the engine's own class).
	const evaluated = jest.spyOn(Expression.prototype as unknown as { renderExpression: () => unknown }, 'renderExpression');
	try {
		await says(dora, 'Where is my order?');
		await says(dora, 'operator please');
		expect(evaluated).not.toHaveBeenCalled();
	} finally {
		evaluated.mockRestore();
	}
	expect(chat(dora).at(-1)).toMatch(/Olga will answer you here shortly\.$/);
});

test('when every operator is busy the customer is queued and told their place and the wait', async () => {
	await staff();
	const first = telegram.updates.customer({ first_name: 'First' });
	const second = telegram.updates.customer({ first_name: 'Second' });
	await says(first, 'I want to talk to an operator');

	const run = await says(second, 'I want to talk to an operator');

	const [queued] = run.outputOf('Skill Router', 1);
	expect(queued.routing).toMatchObject({ outcome: 'queued', position: 1 });
	expect(chat(second).at(-1)).toMatch(/\n\nAll our specialists are busy\. You are number 1 in the queue; the expected wait is about \d+ min\./);
});

test('at night, with nobody of the group online, the customer is queued and told the first one back answers, not a wait', async () => {
	const { olga } = await staff();
	await router.setOperatorStatus(olga.id, 'offline');
	const nina = telegram.updates.customer({ first_name: 'Nina', language_code: 'uk' });

	const run = await says(nina, 'Мені потрібен оператор');

	expect(run.outputOf('Skill Router', 1)).toHaveLength(0);
	const [queued] = run.outputOf('Skill Router', 4);
	expect(queued.routing).toMatchObject({ outcome: 'queued', position: 1, operatorsOnline: 0 });
	expect(chat(nina).at(-1)).toMatch(/\n\nЗараз усі фахівці не в мережі\. Ваше повідомлення збережено/);
	expect(chat(nina).at(-1)).not.toMatch(/очікування/);

	await router.setOperatorStatus(olga.id, 'online');
	expect((await router.entry(Number(queued.routing && (queued.routing as { conversationId: number }).conversationId)))?.state).toBe('assigned');
});

test('with no skill group set up yet the customer still hears that a person will answer', async () => {
	const chloe = telegram.updates.customer({ first_name: 'Chloé' });

	const run = await says(chloe, 'human please');

	expect(run.outputOf('Skill Router', 2)).toHaveLength(1);
	expect(chat(chloe).at(-1)).toMatch(/\n\nThank you, we have your message\. An operator will answer you here as soon as possible\.$/);
});

test('a handed-off conversation is classified and prioritised on its way to people', async () => {
	await staff();
	const dmitro = telegram.updates.customer({ first_name: 'Dmytro', language_code: 'uk' });

	const run = await says(dmitro, 'Оператор! Гроші списали двічі, поверніть негайно!!!');

	const [routed] = run.outputOf('Skill Router', 0);
	expect(routed.classification).toMatchObject({ language: 'uk' });
	expect((routed.priority as { score: number }).score).toBeGreaterThan(0);
	const [stored] = await store.db.query('SELECT topic FROM conversations');
	expect(stored.topic).toBe((routed.classification as { topic: string | null }).topic);
});

test('a customer who asks for a person after the bot answered is routed by their question, one who only asks for a person goes to the general group', async () => {
	const billing = await router.groups.create({ name: 'Billing', line: 1, topics: ['balance', 'payment_failed', 'refund'] });
	const complaints = await router.groups.create({ name: 'Complaints', line: 1, topics: ['complaint'] });
	const general = await router.groups.create({ name: 'General', line: 1 });
	await router.operators.create({ name: 'Bella', login: 'bella', skills: [billing.id], capacity: 2, status: 'online' });
	await router.operators.create({ name: 'Carl', login: 'carl', skills: [complaints.id], capacity: 2, status: 'online' });
	await router.operators.create({ name: 'Gina', login: 'gina', skills: [general.id], capacity: 2, status: 'online' });
	const anna = telegram.updates.customer({ first_name: 'Anna' });
	const boris = telegram.updates.customer({ first_name: 'Boris' });

	await says(anna, 'what is my balance');
	expect(chat(anna).at(-1)).toContain('You asked:');
	const annaRun = await says(anna, 'operator please');
	const borisRun = await says(boris, 'позовите оператора');

	const [annaRouted] = annaRun.outputOf('Skill Router', 0);
	expect(annaRouted.classification).toMatchObject({ topic: 'balance' });
	expect(annaRouted.routing).toMatchObject({ outcome: 'assigned', operator: { name: 'Bella' } });
	const [borisRouted] = borisRun.outputOf('Skill Router', 0);
	expect(borisRouted.classification).toMatchObject({ topic: null, unsure: true });
	expect(borisRouted.routing).toMatchObject({ outcome: 'assigned', operator: { name: 'Gina' } });
});

test('a customer whose phone is set to English but who writes Ukrainian gets a card in Ukrainian, for the notices sent to them later', async () => {
	const taras = telegram.updates.customer({ first_name: 'Taras', language_code: 'en' });

	await says(taras, 'ok');
	const [before] = await store.db.query('SELECT id, language FROM customers');
	expect(before.language).toBe('en');

	await says(taras, 'Коли буде наступний розіграш?');
	expect((await store.customers.get(Number(before.id)))?.language).toBe('uk');
});

test('a customer who blocked the bot: the reply fails once and is recorded on the identity; once she unblocks it and writes again, she is answered', async () => {
	const eve = telegram.updates.customer({ first_name: 'Eve' });
	const first = telegram.updates.text(eve, 'Where is my order?');
	telegram.block(eve.id);

	const run = await fromTelegram(first);

	const [failed] = run.outputOf('Bot Answer', 1);
	expect(failed.reply).toMatchObject({ status: 'failed', permanent: true, code: 'blocked' });
	expect(telegram.callsTo('sendMessage')).toHaveLength(1);
	const [identity] = await store.customers.identities((failed.customer as { id: number }).id);
	expect(identity.status).toBe('blocked');

	await fromTelegram(telegram.updates.unblocked(eve));
	await fromTelegram(telegram.updates.text(eve, 'Hello again'));
	expect(telegram.callsTo('sendMessage')).toHaveLength(2);
	expect(telegram.sent(eve.id)).toHaveLength(1);
	expect((await store.customers.identities((failed.customer as { id: number }).id))[0].status).toBe('active');
});

test('a web chat visitor fills the pre-chat form: the card holds their contacts and the page gets the bot’s reply', async () => {
	const sessionId = 'visitor-session-0001-abcdef';
	const post = {
		action: 'sendMessage',
		sessionId,
		clientMessageId: 'msg-00000001',
		text: 'Where is my order? <script>alert(1)</script>',
		profile: { name: 'Chloé Martin', email: 'chloe@example.fr', phone: '+33 6 12 34 56 78', orderNumber: 'A-77' },
	};
	const [message] = messagesOf(
		handleWebChatPost({ method: 'POST', headers: {}, query: {}, rawBody: Buffer.from(JSON.stringify(post)) }, { site: 'website' }),
	);

	const run = await runWorkflow(pipeline, { credentials, startNode: 'Web Chat', triggerItems: [{ json: { message } as never }] });

	expect(run.error).toBeUndefined();
	const [logged] = run.outputOf('Log Conversation');
	expect(logged.customer).toMatchObject({
		name: 'Chloé Martin',
		email: 'chloe@example.fr',
		phone: '+33 6 12 34 56 78',
		fields: { orderNumber: 'A-77' },
	});
	const lines = await chatHistory(store, 'website', sessionId, 0);
	expect(lines?.[0]).toMatchObject({ from: 'customer', text: 'Where is my order? <script>alert(1)</script>' });
	expect(lines?.[1].from).toBe('agent');
	// The markup is stored and shown as text, never run; the bot answers the question beside it.
	expect(lines?.[1].text).toContain('https://example.com/orders');

	// Closed with a rating question: the open page still shows it, to be answered there.
	const conversation = (logged.conversation as { id: number }).id;
	await store.conversations.close(conversation);
	const question = await store.messages.addOutbound({ conversationId: conversation, channel: 'webchat', author: 'system', text: 'How would you rate our help, from 1 to 5?' });
	await store.messages.markSent(question.id, null);
	expect((await chatHistory(store, 'website', sessionId, lines!.at(-1)!.id))?.map((l) => l.text)).toEqual(['How would you rate our help, from 1 to 5?']);
});

test('a customer who answers the rating request with a score is thanked and the score is stored', async () => {
	await staff();
	const fiona = telegram.updates.customer({ first_name: 'Fiona' });
	const run = await says(fiona, 'I want to talk to an operator');
	const [routed] = run.outputOf('Skill Router', 0);
	const conversation = routed.conversation as { id: number; customerId: number };
	const olga = (await router.operators.get('olga'))!;
	await requestRating(store.db, conversation.id, conversation.customerId, olga.id);
	await store.conversations.close(conversation.id);

	await says(fiona, '5 quick and polite');

	expect(chat(fiona).at(-1)).toBe('Thank you for your rating! It helps us answer better.');
	expect(await ratingOf(store.db, conversation.id)).toMatchObject({ score: 5, comment: 'quick and polite' });
});
