/**
 * The Telegram team chat template, run by n8n's own engine: what an operator writes in a
 * conversation's topic arrives through the Telegram Channel Trigger (on the team bot), and goes
 * to the customer as that operator's reply, recorded as replies from the web desk are; commands
 * stay in the team; a reply the customer's channel refuses is reported back in the topic.
 */
import { handleTelegramWebhook, normaliseUpdate, TelegramClient, webhookSecretToken, type Update, type User } from '../../nodes/shared/channels/telegram';
import { routerOn } from '../../nodes/shared/routing';
import type { Conversation, Store } from '../../nodes/shared/store';
import { linkTelegramUser, postToTeamTopic, topicOf, type TeamGroup } from '../../nodes/shared/teamChat';
import type { FakeTelegram } from '../fakes/telegram/server';
import { runWorkflow, type WorkflowJson } from '../harness/engine';
import { telegramAndStore, type TelegramAndStore } from '../harness/telegram-store';
import template from '../../workflows/telegram-team-chat.json';

jest.setTimeout(60_000);


/*
 * The harness serves one credential per type, so the team bot and the customers' bot are one fake
 * bot here: it has the customer's private chat and the team's forum group.
 */
let telegram: FakeTelegram;
let store: Store;
let credentials: TelegramAndStore['credentials'];
let close: () => Promise<void>;
let groupId: number;
let annaOnTelegram: User;
let workflow: WorkflowJson;

beforeEach(async () => {
	({ telegram, store, credentials, close } = await telegramAndStore());
	groupId = telegram.forum.createGroup().id;
	workflow = JSON.parse(JSON.stringify(template).replaceAll('-1001234567890', String(groupId))) as WorkflowJson;
	const router = routerOn(store.db);
	const billing = await router.groups.create({ name: 'Billing', topics: ['billing'], line: 1 });
	await router.operators.create({ name: 'Anna', login: 'anna', skills: [billing.id], status: 'online', capacity: 3 });
	annaOnTelegram = telegram.updates.customer({ id: 900_000_001, first_name: 'Anna', last_name: 'Operator' });
	await linkTelegramUser(store.db, 'anna', String(annaOnTelegram.id));
});

afterEach(() => close());

/** A Telegram customer's conversation, handed to Billing and posted to its team topic as the support pipeline does. */
async function handedOff(customer: User): Promise<{ conversation: Conversation; threadId: number }> {
	const update = telegram.updates.text(customer, 'I was charged twice');
	const [message] = normaliseUpdate(update, { botId: String(telegram.botId), raw: update, now: () => new Date() }).messages;
	const { conversation } = await store.conversations.logInbound(message);
	await routerOn(store.db).route(conversation, { topic: 'billing' });
	const team: TeamGroup = { client: new TelegramClient(telegram.token, telegram.baseUrl), chatId: String(groupId) };
	await postToTeamTopic(store, team, conversation.id);
	return { conversation, threadId: (await topicOf(store.db, conversation.id))!.threadId! };
}

/** Runs the template with what the Telegram Channel Trigger makes of this update. */
async function fromTeamBot(update: Update) {
	const secretToken = webhookSecretToken(telegram.token);
	const verdict = handleTelegramWebhook(
		{ method: 'POST', headers: { 'x-telegram-bot-api-secret-token': secretToken }, query: {}, rawBody: Buffer.from(JSON.stringify(update)) },
		{ botId: String(telegram.botId), secretToken },
	);
	if (verdict.kind !== 'accept') throw new Error(`the trigger refused the update: ${verdict.kind}`);
	const run = await runWorkflow(workflow, { credentials, startNode: 'Team Bot', triggerItems: verdict.messages.map((message) => ({ json: { message } as never })) });
	expect(run.error).toBeUndefined();
	return run;
}

const postedIn = (threadId: number) => telegram.forum.postedIn(groupId, threadId).map((m) => m.text);

test("an operator's message in the topic reaches the customer on Telegram as that operator's reply", async () => {
	const customer = telegram.updates.customer({ id: 600_000_009, first_name: 'Olga' });
	const { conversation, threadId } = await handedOff(customer);

	const run = await fromTeamBot(telegram.forum.write(groupId, threadId, annaOnTelegram, 'Refunded the second charge.'));

	expect(run.outputOf('Reply to Customer', 0)).toHaveLength(1);
	expect(telegram.sent(customer.id).map((m) => m.text)).toEqual(['Refunded the second charge.']);
	const out = (await store.messages.list(conversation.id)).filter((m) => m.direction === 'out');
	const anna = await routerOn(store.db).operators.get('anna');
	expect(out.map((m) => [m.author, m.text, m.status])).toEqual([[`operator:${anna!.id}`, 'Refunded the second charge.', 'sent']]);
});

test('a /note stays in the team: the customer gets nothing', async () => {
	const customer = telegram.updates.customer({ id: 600_000_010, first_name: 'Olga' });
	const { threadId } = await handedOff(customer);

	const run = await fromTeamBot(telegram.forum.write(groupId, threadId, annaOnTelegram, '/note double charge from the old tariff'));

	expect(run.outputOf('Handle Team Message', 0).map((j) => (j.teamChat as { action: string }).action)).toEqual(['noted']);
	expect(run.runData['Reply to Customer']).toBeUndefined();
	expect(telegram.sent(customer.id)).toEqual([]);
});

test('a reply the customer’s channel refuses is reported in the topic', async () => {
	const customer = telegram.updates.customer({ id: 600_000_011, first_name: 'Olga' });
	const { threadId } = await handedOff(customer);
	telegram.block(customer.id);

	const run = await fromTeamBot(telegram.forum.write(groupId, threadId, annaOnTelegram, 'Are you still there?'));

	expect(run.outputOf('Reply to Customer', 1)).toHaveLength(1);
	expect(postedIn(threadId).at(-1)).toBe('Not delivered to the customer: Forbidden: bot was blocked by the user');
});
