/**
 * Mail no person wrote (a bounce of our answer, an out-of-office) is kept on the conversation it
 * concerns as a machine's line, reopens nothing, and is never handed out again as unanswered;
 * a customer's Reply-To becomes where answers to them go.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { InboundMessageInput } from '../../../nodes/shared/envelope';
import { closeAllStores, openStore, type Store } from '../../../nodes/shared/store';
import { mailTo, ORDER_THREAD } from './mail';

const MINUTE = 60_000;

let dir: string;
let store: Store;

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'cc-automatic-'));
	store = await openStore({ backend: 'sqlite', file: join(dir, 'store.sqlite') });
});

afterEach(async () => {
	await closeAllStores();
	rmSync(dir, { recursive: true, force: true });
});

const mail = (externalId: string, fields: Partial<InboundMessageInput> = {}) => mailTo('support@acme.test', externalId, fields);

const bounce = (externalId: string) =>
	mail(externalId, {
		text: 'Delivery to the following recipient failed permanently: anna@example.net',
		automatic: { kind: 'bounce', reason: 'Content-Type: multipart/report; report-type=delivery-status', failedRecipients: ['anna@example.net'], status: '5.1.1' },
	});

test('a bounce of our answer lands in the customer’s conversation as a machine’s line, not as the customer speaking', async () => {
	const question = await store.conversations.logInbound(mail('7:1'));

	const bounced = await store.conversations.logInbound(bounce('7:2'));

	expect(bounced.conversation.id).toBe(question.conversation.id);
	expect(bounced.customer.id).toBe(question.customer.id);
	expect((await store.messages.list(question.conversation.id)).map((m) => [m.author, m.text])).toEqual([
		['customer', 'Where is order 1234?'],
		['automatic:bounce', 'Delivery to the following recipient failed permanently: anna@example.net'],
	]);
});

test('a bounce naming the customer’s Reply-To address is filed under the customer, not a card of its own', async () => {
	const question = await store.conversations.logInbound(mail('7:1', { sender: { id: 'anna@example.net', email: 'anna@example.net', replyTo: 'orders@anna-shop.example' } }));

	const bounced = await store.conversations.logInbound(mail('7:2', { ...bounce('7:2'), sender: { id: 'orders@anna-shop.example', email: 'orders@anna-shop.example' } }));

	expect(bounced.customer.id).toBe(question.customer.id);
	expect(Number((await store.db.query('SELECT COUNT(*) AS n FROM customers'))[0].n)).toBe(1);
});

test('an out-of-office after the conversation was closed is kept on it and does not reopen it', async () => {
	const question = await store.conversations.logInbound(mail('7:1'));
	await store.conversations.close(question.conversation.id);

	const away = await store.conversations.logInbound(mail('7:3', { text: 'I am away until Monday.', automatic: { kind: 'auto-reply', reason: 'Auto-Submitted: auto-replied' } }));

	expect(away.conversation).toMatchObject({ id: question.conversation.id, status: 'closed' });
	expect(away.conversationCreated).toBe(false);
	expect(await store.conversations.findOpen('email', 'support@acme.test', ORDER_THREAD)).toBeNull();
});

test('recovery never hands out automatic mail again: it is handled once it is on the record', async () => {
	for (const message of [mail('7:1'), bounce('7:2')]) {
		await store.deliveries.accept(message);
		await store.conversations.logInbound(message);
	}
	await store.db.query('UPDATE deliveries SET created_at = ?', [new Date(Date.now() - 5 * MINUTE).toISOString()]);

	const recovered = await store.deliveries.claimUnanswered({ olderThanMs: MINUTE, lookBackMs: 60 * MINUTE, maxAttempts: 3, limit: 10 });

	expect(recovered.map((m) => m.externalId)).toEqual(['7:1']);
});

test('answers go to the Reply-To of the customer’s latest mail, and back to their own address when it has none', async () => {
	const first = await store.conversations.logInbound(mail('7:10', { sender: { id: 'anna@example.net', email: 'anna@example.net', replyTo: 'orders@anna-shop.example' } }));
	expect((await store.customers.identities(first.customer.id))[0].address).toBe('orders@anna-shop.example');

	await store.conversations.logInbound(mail('7:11', { sender: { id: 'anna@example.net', email: 'anna@example.net', replyTo: 'desk@anna-shop.example' } }));
	expect((await store.customers.identities(first.customer.id))[0].address).toBe('desk@anna-shop.example');

	await store.conversations.logInbound(mail('7:12'));
	expect((await store.customers.identities(first.customer.id))[0].address).toBe('anna@example.net');
});
