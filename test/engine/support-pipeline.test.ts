/**
 * The shipped support-pipeline template, run by n8n's own engine: a message from a channel is
 * logged against one customer card and acknowledged on the customer's own channel.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { handleWebChatPost } from '../../nodes/shared/channels/webchat/inbound';
import { chatHistory } from '../../nodes/shared/channels/webchat/history';
import { handleTelegramWebhook, webhookSecretToken } from '../../nodes/shared/channels/telegram';
import type { WebhookVerdict } from '../../nodes/shared/channels/types';
import type { InboundMessage } from '../../nodes/shared/envelope';
import { closeAllStores, openStore, type Store } from '../../nodes/shared/store';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram/server';
import { runWorkflow, type WorkflowJson } from '../harness/engine';
import template from '../../workflows/support-pipeline.json';

const pipeline = template as unknown as WorkflowJson;

let dir: string;
let telegram: FakeTelegram;
let store: Store;
let credentials: Record<string, Record<string, string>>;

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'cc-engine-'));
	telegram = await startFakeTelegram();
	const storeCredential = { backend: 'sqlite', sqliteFile: join(dir, 'store.sqlite') };
	store = await openStore({ backend: 'sqlite', file: storeCredential.sqliteFile });
	credentials = {
		contactCenterStoreApi: storeCredential,
		contactCenterTelegramApi: { accessToken: telegram.token, baseUrl: telegram.baseUrl },
	};
});

afterEach(async () => {
	await closeAllStores();
	await telegram.close();
	rmSync(dir, { recursive: true, force: true });
});

function messagesOf(verdict: WebhookVerdict): InboundMessage[] {
	if (verdict.kind !== 'accept') throw new Error(`expected an accepted delivery, got ${verdict.kind}`);
	return verdict.messages;
}

/** What the Telegram trigger emits for an update Telegram posts. */
function telegramItems(update: object) {
	const verdict = handleTelegramWebhook(
		{
			method: 'POST',
			headers: { 'x-telegram-bot-api-secret-token': webhookSecretToken(telegram.token) },
			query: {},
			rawBody: Buffer.from(JSON.stringify(update)),
		},
		{ botId: String(telegram.botId), secretToken: webhookSecretToken(telegram.token) },
	);
	return messagesOf(verdict).map((message) => ({ json: { message } as never }));
}

const runFromTelegram = (update: object) =>
	runWorkflow(pipeline, { credentials, startNode: 'Telegram', triggerItems: telegramItems(update) });

test('a customer writes to the Telegram bot: logged on a new card and greeted by name in their chat', async () => {
	const anna = telegram.updates.customer({ first_name: 'Anna', last_name: 'Petrova' });

	const run = await runFromTelegram(telegram.updates.text(anna, 'Где мой заказ 1042?'));

	expect(run.error).toBeUndefined();
	const [logged] = run.outputOf('Log Conversation');
	expect(logged.newCustomer).toBe(true);
	expect(logged.newConversation).toBe(true);
	const sent = telegram.sent(anna.id).map((m) => m.text);
	expect(sent).toEqual(['Hello, Anna Petrova! Thank you, we have your message. An operator will answer you here shortly.']);

	const conversation = logged.conversation as { id: number; customerId: number };
	const history = await store.messages.list(conversation.id);
	expect(history.map((m) => [m.direction, m.author, m.status, m.text])).toEqual([
		['in', 'customer', 'received', 'Где мой заказ 1042?'],
		['out', 'bot', 'sent', sent[0]],
	]);
});

test('a second message continues the same conversation and is acknowledged without a new greeting', async () => {
	const anna = telegram.updates.customer();
	await runFromTelegram(telegram.updates.text(anna, 'Hello'));

	const run = await runFromTelegram(telegram.updates.text(anna, 'Are you there?'));

	const [logged] = run.outputOf('Log Conversation');
	expect(logged.newConversation).toBe(false);
	expect(telegram.sent(anna.id).at(-1)?.text).toBe(
		'Thank you, we have your message. An operator will answer you here shortly.',
	);
	const customers = await store.db.query('SELECT COUNT(*) AS n FROM customers');
	expect(Number(customers[0].n)).toBe(1);
});

test('a customer who blocked the bot: the reply fails once, is recorded on the identity and not tried again', async () => {
	const boris = telegram.updates.customer({ first_name: 'Boris' });
	const first = telegram.updates.text(boris, 'Hi');
	telegram.block(boris.id);

	const run = await runFromTelegram(first);

	const [failed] = run.outputOf('Acknowledge', 1);
	expect(failed.reply).toMatchObject({ status: 'failed', permanent: true, code: 'blocked' });
	expect(telegram.callsTo('sendMessage')).toHaveLength(1);
	const customerId = (failed.customer as { id: number }).id;
	const [identity] = await store.customers.identities(customerId);
	expect(identity.status).toBe('blocked');

	await runFromTelegram(telegram.updates.text(boris, 'Hello again'));
	expect(telegram.callsTo('sendMessage')).toHaveLength(1);
});

test('a web chat visitor fills the pre-chat form: the card holds their contacts and the page gets the reply', async () => {
	const sessionId = 'visitor-session-0001-abcdef';
	const post = {
		action: 'sendMessage',
		sessionId,
		clientMessageId: 'msg-00000001',
		text: 'My parcel is late <script>alert(1)</script>',
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
	expect(lines?.map((l) => [l.from, l.text])).toEqual([
		['customer', 'My parcel is late <script>alert(1)</script>'],
		['agent', 'Hello, Chloé Martin! Thank you, we have your message. An operator will answer you here shortly.'],
	]);
});
