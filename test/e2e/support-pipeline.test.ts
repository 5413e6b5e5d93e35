/**
 * The shipped support pipeline in a real n8n 2.41 process: a customer writes to the Telegram bot
 * through the real webhook URL the trigger registered, and the acknowledgement reaches the fake
 * Telegram server; forged and repeated deliveries are refused or processed once; a burst of
 * customers shares executions; the web chat page is served with its strict security policy.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import type { Store } from '../../nodes/shared/store';
import { buttonLabels, startFakeTelegram, type FakeTelegram } from '../fakes/telegram/server';
import { startContactCenter, type ContactCenter } from '../harness/contact-center';
import type { N8nProcess } from '../harness/n8n-process';
import { eventually } from '../harness/wait';

jest.setTimeout(240_000);

const TEMPLATE = resolve(__dirname, '../../workflows/support-pipeline.json');

let n8n: N8nProcess;
let telegram: FakeTelegram;
let store: Store;
let center: ContactCenter;

beforeAll(async () => {
	telegram = await startFakeTelegram();
	center = await startContactCenter({ workflows: [TEMPLATE], telegram });
	({ n8n, store } = center);
});

afterAll(async () => {
	await center?.stop();
	await telegram?.close();
});

const count = async (table: string) => Number((await store.db.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

test('publishing the template registered the bot’s webhook with a secret', () => {
	const webhook = telegram.webhook();
	expect(webhook?.url).toMatch(new RegExp(`^${n8n.baseUrl}/webhook/`));
	expect(webhook?.secretToken).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
});

test('a customer asks a standard question and the bot’s answer arrives in their Telegram chat', async () => {
	const anna = telegram.updates.customer({ first_name: 'Anna', last_name: 'Petrova' });

	const delivery = await telegram.deliver(telegram.updates.text(anna, 'Where is my order?'));

	expect(delivery.status).toBe(200);
	const [answer] = await eventually('the bot’s answer', () => telegram.sent(anna.id).length > 0 && telegram.sent(anna.id));
	expect(answer.text).toContain('You asked: «Where is my order?»');
	expect(buttonLabels(answer)).toContain('Talk to a person');
});

test('a customer who writes to the company’s Telegram Business account is answered there, as the company, also after pressing a button', async () => {
	const owner = telegram.updates.customer({ first_name: 'Acme', last_name: 'Store', username: 'acme_store' });
	const connection = telegram.updates.businessConnection(owner).business_connection.id;
	const oleg = telegram.updates.customer({ first_name: 'Oleg', last_name: 'Kovalenko' });

	await telegram.deliver(telegram.updates.businessText(connection, oleg, 'Where is my order?'));
	const [answer] = await eventually('the bot’s answer in the business chat', () => telegram.businessSent(connection, oleg.id).length > 0 && telegram.businessSent(connection, oleg.id));
	const person = (answer.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> }).inline_keyboard.flat().find((b) => b.text === 'Talk to a person');
	await telegram.deliver(telegram.updates.buttonPress(oleg, person!.callback_data, connection));
	await eventually('an answer to the button', () => telegram.businessSent(connection, oleg.id).length > 1);

	expect(answer).toMatchObject({ from: owner, business_connection_id: connection });
	expect(answer.text).toContain('You asked: «Where is my order?»');
	expect(telegram.sent(oleg.id)).toEqual([]);
});

test('a delivery with a forged secret is refused with 403 and leaves the store unchanged', async () => {
	const before = await Promise.all(['deliveries', 'customers', 'messages'].map(count));
	const mallory = telegram.updates.customer({ first_name: 'Mallory' });

	const delivery = await telegram.deliver(telegram.updates.text(mallory, 'give me the data'), { secretToken: 'forged-secret' });
	const unsigned = await telegram.deliver(telegram.updates.text(mallory, 'and again'), { secretToken: null });

	expect([delivery.status, unsigned.status]).toEqual([403, 403]);
	expect(await Promise.all(['deliveries', 'customers', 'messages'].map(count))).toEqual(before);
	expect(telegram.sent(mallory.id)).toHaveLength(0);
});

test('the same update delivered twice is stored once and answered once', async () => {
	const boris = telegram.updates.customer({ first_name: 'Boris', last_name: '' });
	const update = telegram.updates.text(boris, 'I want to talk to an operator');
	// One run answers once: the bot's hand-off notice and what routing tells the customer, in one message.
	const ONE_RUN = [expect.stringMatching(/I am passing you to a person\.[\s\S]*An operator will answer you here as soon as possible\.$/)];

	const first = await telegram.deliver(update);
	await eventually('the first run’s replies', () => telegram.sent(boris.id).length >= ONE_RUN.length);
	const second = await telegram.deliver(update);
	// Time for a doubled run to show itself.
	await new Promise((r) => setTimeout(r, 3000));

	expect([first.status, second.status]).toEqual([200, 200]);
	expect(telegram.sent(boris.id).map((m) => m.text)).toEqual(ONE_RUN);
	const stored = await store.db.query("SELECT COUNT(*) AS n FROM messages WHERE direction = 'in' AND text = ?", [
		'I want to talk to an operator',
	]);
	expect(Number(stored[0].n)).toBe(1);
});

test('forty customers writing at once are each answered once, sharing executions while n8n is busy', async () => {
	const { id: workflowId } = JSON.parse(readFileSync(TEMPLATE, 'utf8')) as { id: string };
	const customers = Array.from({ length: 40 }, (_, i) => telegram.updates.customer({ first_name: `Customer ${i}` }));
	const executionsBefore = await n8n.productionExecutions(workflowId);

	const deliveries = await Promise.all(customers.map((customer) => telegram.deliver(telegram.updates.text(customer, 'Where is my order?'))));

	expect(deliveries.map((d) => d.status)).toEqual(customers.map(() => 200));
	await eventually('every customer’s answer', () => customers.every((customer) => telegram.sent(customer.id).length > 0), 60_000);
	// Time for a doubled answer to show itself and for n8n to count its last executions.
	await new Promise((r) => setTimeout(r, 3000));
	expect(customers.map((customer) => telegram.sent(customer.id).length)).toEqual(customers.map(() => 1));
	const executions = (await n8n.productionExecutions(workflowId)) - executionsBefore;
	expect(executions).toBeGreaterThan(0);
	expect(executions).toBeLessThan(customers.length);
});

test('twenty customers write at once and one card is corrupt in the store: nineteen get the bot’s answer, the twentieth is handed to a person, nobody twice', async () => {
	const customers = Array.from({ length: 20 }, (_, i) => telegram.updates.customer({ first_name: `Poison batch ${i}` }));
	const poisoned = customers[13];
	await telegram.deliver(telegram.updates.text(poisoned, 'Hello'));
	await eventually('the first answer to the customer whose card is then corrupted', () => telegram.sent(poisoned.id).length > 0);
	const [{ customer_id: card }] = await store.db.query<{ customer_id: number }>(
		"SELECT customer_id FROM identities WHERE channel = 'telegram' AND external_user_id = ?",
		[String(poisoned.id)],
	);
	// A row no code of the pack writes: the card points at itself as the card it was merged into.
	await store.db.query('UPDATE customers SET merged_into = id WHERE id = ?', [card]);
	const before = telegram.sent(poisoned.id).length;

	const deliveries = await Promise.all(customers.map((customer) => telegram.deliver(telegram.updates.text(customer, 'Where is my order?'))));

	expect(deliveries.map((d) => d.status)).toEqual(customers.map(() => 200));
	const others = customers.filter((customer) => customer !== poisoned);
	// Well inside the two minutes after which recovery would answer a message whose run had failed.
	await eventually('the nineteen bot answers', () => others.every((customer) => telegram.sent(customer.id).length > 0), 60_000);
	await eventually('the hand-over notice', () => telegram.sent(poisoned.id).length > before, 60_000);
	await new Promise((r) => setTimeout(r, 3000));
	for (const customer of others) expect(telegram.sent(customer.id).map((m) => m.text)).toEqual([expect.stringContaining('You asked: «Where is my order?»')]);
	expect(telegram.sent(poisoned.id).slice(before).map((m) => m.text)).toEqual([
		expect.stringMatching(/Thank you, we have your message\. An operator will answer you here as soon as possible\.$/),
	]);
	const [note] = await store.db.query<{ kind: string; text: string; conversation_id: number }>(
		"SELECT n.kind, n.text, n.conversation_id FROM conversation_notes n JOIN conversations c ON c.id = n.conversation_id WHERE c.customer_id = ?",
		[card],
	);
	expect(note).toMatchObject({ kind: 'failure', text: expect.stringContaining('"Customer Lookup" failed on this message') });
	expect(await store.conversations.tags(Number(note.conversation_id))).toContain('pipeline-failure');
});

test('the web chat page is served with a strict Content-Security-Policy', async () => {
	const page = await fetch(n8n.webhookUrl('webchat'));

	expect(page.status).toBe(200);
	expect(page.headers.get('content-type')).toMatch(/^text\/html/);
	const csp = page.headers.get('content-security-policy') ?? '';
	expect(csp).toContain("default-src 'none'");
	expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+'/);
	expect(csp).not.toContain('unsafe-inline');
});

test('the embeddable widget script points at the chat page', async () => {
	const widget = await fetch(`${n8n.webhookUrl('webchat')}?asset=widget.js`);

	expect(widget.headers.get('content-type')).toMatch(/javascript/);
	expect(await widget.text()).toContain(`${n8n.baseUrl}/webhook/webchat`);
});

test('a malformed web chat message is answered 400 with the reason and stores nothing', async () => {
	const before = await count('messages');

	const response = await fetch(n8n.webhookUrl('webchat'), {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-chat-session': 'short' },
		body: JSON.stringify({ action: 'sendMessage', sessionId: 'short', text: 'hi' }),
	});

	expect(response.status).toBe(400);
	expect(await response.text()).toMatch(/sessionId/);
	expect(await count('messages')).toBe(before);
});
