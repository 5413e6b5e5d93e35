/**
 * The proactive order-status template in a real n8n: the order system's POST passes the
 * webhook's header auth (n8n's own, which the in-process engine tests cannot exercise) and the
 * customer is told on Telegram; a POST without the shared secret is refused and sends nothing.
 */

import { parseInbound } from '../../nodes/shared/envelope';
import type { Store } from '../../nodes/shared/store';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram/server';
import { startContactCenter, type ContactCenter } from '../harness/contact-center';
import type { N8nProcess } from '../harness/n8n-process';
import { eventually } from '../harness/wait';
import { zoneWhereItIs } from '../harness/zones';
import TEMPLATE from '../../workflows/proactive-order-status.json';

jest.setTimeout(120_000);

const SECRET = { name: 'X-Order-Secret', value: 'order-system-shared-secret' };

let n8n: N8nProcess;
let telegram: FakeTelegram;
let store: Store;
let center: ContactCenter;
let hookUrl: string;

beforeAll(async () => {
	telegram = await startFakeTelegram();
	center = await startContactCenter({
		workflows: [TEMPLATE],
		telegram,
		credentials: [{ id: 'ccOrderHookAuth1', name: 'Order system shared secret', type: 'httpHeaderAuth', data: SECRET }],
	});
	({ n8n, store } = center);
	// n8n's own Webhook node serves its path as is (the pack's channel triggers prefix their webhookId).
	const hook = TEMPLATE.nodes.find((node) => node.type === 'n8n-nodes-base.webhook')!;
	hookUrl = n8n.webhookUrl(hook.parameters.path!);
});

afterAll(async () => {
	await center?.stop();
	await telegram?.close();
});

const post = (body: object, headers: Record<string, string>) =>
	fetch(hookUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

test('the order system’s status change reaches the customer’s Telegram chat; without the shared secret nothing is sent', async () => {
	const anna = telegram.updates.customer({ first_name: 'Anna' });
	telegram.updates.text(anna, 'Hello');
	const { customer } = await store.conversations.logInbound(
		parseInbound({ channel: 'telegram', account: String(telegram.botId), externalId: 'in-1', conversationKey: String(anna.id), sender: { id: String(anna.id), name: 'Anna' }, text: 'Hello', receivedAt: new Date().toISOString(), raw: {} }),
	);
	// Midday where Anna lives, whenever the test runs: the template holds updates 22:00–08:00 her time.
	await store.customers.update(customer.id, { fields: { timeZone: zoneWhereItIs(12) } });

	const forged = await post({ customerId: customer.id, orderNumber: 'A-1', status: 'cancelled' }, { [SECRET.name]: 'guess' });
	const unsigned = await post({ customerId: customer.id, orderNumber: 'A-1', status: 'cancelled' }, {});
	expect([forged.status, unsigned.status]).toEqual([403, 403]);

	const answer = await post({ customerId: customer.id, orderNumber: 'A-1', status: 'shipped' }, { [SECRET.name]: SECRET.value });
	expect(answer.status).toBe(200);
	expect(await answer.json()).toEqual(expect.objectContaining({ state: 'sent', channel: 'telegram' }));
	const chat = await eventually('the notice in Anna’s chat', () => telegram.sent(anna.id).length > 0 && telegram.sent(anna.id));
	expect(chat.map((m) => m.text)).toEqual(['Hello Anna, your order A-1 is now shipped.']);
});
