/**
 * The Reply to Customer node in n8n's real engine: placeholders ops staff write are filled from
 * the item; words an expression hands over (an operator's, a customer's) go out as they are.
 */
import type { INodeParameters } from 'n8n-workflow';

import { parseInbound } from '../../nodes/shared/envelope';
import type { Store } from '../../nodes/shared/store';
import type { FakeTelegram } from '../fakes/telegram/server';
import { runWorkflow, startAndNode, type WorkflowJson } from '../harness/engine';
import { telegramAndStore, type TelegramAndStore } from '../harness/telegram-store';

const replyWorkflow = (parameters: INodeParameters): WorkflowJson =>
	startAndNode({
		name: 'Reply',
		type: 'contactCenterReply',
		parameters: { author: 'bot', ...parameters },
		credentials: { contactCenterStoreApi: { id: '1', name: 'Store' }, contactCenterTelegramApi: { id: '2', name: 'Telegram' } },
	});

let telegram: FakeTelegram;
let store: Store;
let credentials: TelegramAndStore['credentials'];
let close: () => Promise<void>;

beforeEach(async () => {
	({ telegram, store, credentials, close } = await telegramAndStore());
});

afterEach(() => close());

/** A Telegram customer who wrote once, and the item Log Conversation would have made of it. */
async function customerItem(extra: Record<string, unknown> = {}) {
	const user = telegram.updates.customer({ first_name: 'Ivan' });
	telegram.updates.text(user, 'hello'); // the chat exists once the customer wrote to the bot
	const logged = await store.conversations.logInbound(
		parseInbound({
			channel: 'telegram',
			account: String(telegram.botId),
			externalId: String(user.id),
			conversationKey: String(user.id),
			sender: { id: String(user.id) },
			text: 'hello',
			receivedAt: new Date().toISOString(),
			raw: {},
		}),
	);
	return { user, json: { conversation: logged.conversation, ...extra } as never };
}

test('the queue notice ops staff wrote is sent with the customer’s place filled in', async () => {
	const { user, json } = await customerItem({ routing: { position: 3, expectedWaitMinutes: 12 } });

	const run = await runWorkflow(replyWorkflow({ text: 'You are number {{ routing.position }}; about {{routing.expectedWaitMinutes}} min.' }), {
		credentials,
		triggerItems: [{ json }],
	});

	expect(run.error).toBeUndefined();
	expect(telegram.sent(user.id).map((m) => m.text)).toEqual(['You are number 3; about 12 min.']);
});

test('an operator’s words given by an expression go out as typed, braces and all', async () => {
	const { user, json } = await customerItem({ routing: { position: 3 }, operatorText: 'Type {{ routing.position }} in the form, not {{x}}' });

	const run = await runWorkflow(replyWorkflow({ author: 'operator', operatorId: '7', text: '={{ $json.operatorText }}' }), {
		credentials,
		triggerItems: [{ json }],
	});

	expect(run.error).toBeUndefined();
	expect(telegram.sent(user.id).map((m) => m.text)).toEqual(['Type {{ routing.position }} in the form, not {{x}}']);
});

test('the bot’s hand-off words come first, in the same message, with its buttons', async () => {
	const { user, json } = await customerItem({
		bot: { reply: { text: 'Passing you to a person.', buttons: [{ label: 'Back to menu', payload: 'menu' }] } },
		routing: { operator: { name: 'Olga' } },
	});

	const run = await runWorkflow(replyWorkflow({ withBotWords: true, text: '{{ routing.operator.name }} will answer you here shortly.' }), {
		credentials,
		triggerItems: [{ json }],
	});

	expect(run.error).toBeUndefined();
	const [sent] = telegram.sent(user.id);
	expect(sent.text).toBe('Passing you to a person.\n\nOlga will answer you here shortly.');
	expect(JSON.stringify(sent.reply_markup)).toContain('Back to menu');
});

test('a placeholder the item cannot fill stops the reply with the name of what is missing', async () => {
	const { user, json } = await customerItem();

	const run = await runWorkflow(replyWorkflow({ text: 'Your order {{ order.number }} has shipped.' }), { credentials, triggerItems: [{ json }] });

	expect(run.error?.message).toMatch(/needs \{\{order\.number\}\}/);
	expect(telegram.sent(user.id)).toEqual([]);
});

test('a customer is told in their own language where ops staff wrote one, and in the main text otherwise', async () => {
	const translations = { translation: [{ language: 'uk', text: 'Ви {{ routing.position }}-й у черзі.' }, { language: 'fr', text: 'Vous êtes numéro {{ routing.position }}.' }] };
	const workflow = replyWorkflow({ text: 'You are number {{ routing.position }}.', translations });
	const ukrainian = await customerItem({ routing: { position: 2 }, classification: { language: 'uk' } });
	const german = await customerItem({ routing: { position: 4 }, classification: { language: 'de' } });

	const run = await runWorkflow(workflow, { credentials, triggerItems: [{ json: ukrainian.json }, { json: german.json }] });

	expect(run.error).toBeUndefined();
	expect(telegram.sent(ukrainian.user.id).map((m) => m.text)).toEqual(['Ви 2-й у черзі.']);
	expect(telegram.sent(german.user.id).map((m) => m.text)).toEqual(['You are number 4.']);
});

test('a translation given by an expression goes out as its expression made it, braces and all', async () => {
	const translations = { translation: [{ language: 'uk', text: '={{ $json.operatorText }}' }] };
	const { user, json } = await customerItem({ classification: { language: 'uk' }, operatorText: 'Наберіть {{ code }} у формі' });

	const run = await runWorkflow(replyWorkflow({ text: 'Type the code in the form.', translations }), { credentials, triggerItems: [{ json }] });

	expect(run.error).toBeUndefined();
	expect(telegram.sent(user.id).map((m) => m.text)).toEqual(['Наберіть {{ code }} у формі']);
});
