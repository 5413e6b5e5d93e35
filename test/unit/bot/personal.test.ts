/** Answers with the customer's own data: plain text in, the order asked about, and an order service that cannot be turned elsewhere. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { checkOrderServiceUrl, orderNumberIn, personalise, type PersonalCard } from '../../../nodes/shared/bot';
import { startFakeCrm, type FakeCrm } from '../../fakes/crm/server';

const card = (extra: Partial<PersonalCard> = {}): PersonalCard => ({
	id: 7,
	crmId: 'C-1',
	name: 'Ivan',
	phone: null,
	email: null,
	corrected: [],
	identities: [],
	fields: {},
	...extra,
});

test('a customer’s value is put in as it is written: markup and placeholders in it are neither rendered nor filled again', async () => {
	const customer = card({ name: '<b>{{customer.fields.secret}}</b>', fields: { secret: 'hidden', balance: '=1+1' } });
	const filled = await personalise('Hi {{ customer.name }}: {{customer.fields.balance}}', 'my balance', { customer, orderService: null });
	expect(filled).toEqual({ text: 'Hi <b>{{customer.fields.secret}}</b>: =1+1' });
});

test('a figure the card lacks is missing, not left blank; an answer without placeholders needs no card', async () => {
	expect(await personalise('Balance: {{customer.fields.balance}}', 'balance?', { customer: card(), orderService: null })).toEqual({
		missing: 'customer.fields.balance',
		order: null,
	});
	expect(await personalise('Balance: {{customer.fields.balance}}', 'balance?', { customer: null, orderService: null })).toMatchObject({ missing: 'customer.fields.balance' });
	expect(await personalise('See our site.', 'balance?', { customer: null, orderService: null })).toEqual({ text: 'See our site.' });
});

test('the order a message names: a short number, with or without a prefix; phone numbers are not orders', () => {
	expect(orderNumberIn('where is order #4512?')).toBe('4512');
	expect(orderNumberIn('де замовлення №4512')).toBe('4512');
	expect(orderNumberIn('статус заказа a-5531')).toBe('A-5531');
	expect(orderNumberIn('call me on 380501234567')).toBeNull();
	expect(orderNumberIn('where is my order')).toBeNull();
});

test('without an order service, the card’s order fields answer only for the order on the card', async () => {
	const customer = card({ fields: { order: '4512', order_status: 'shipped' } });
	const answer = 'Order {{order.number}}: {{order.status}}';
	expect(await personalise(answer, 'where is my order', { customer, orderService: null })).toEqual({ text: 'Order 4512: shipped' });
	expect(await personalise(answer, 'where is order 9999', { customer, orderService: null })).toEqual({ missing: 'order.status', order: '9999' });
});

test('an order service URL must keep its host and name the customer', () => {
	expect(() => checkOrderServiceUrl('https://shop.example/api/customers/{{crmId}}/orders/{{order}}')).not.toThrow();
	expect(() => checkOrderServiceUrl('https://shop.example/api/orders/{{order}}')).toThrow(/must name the customer/);
	expect(() => checkOrderServiceUrl('https://{{crmId}}.example/orders/{{order}}')).toThrow(/host without placeholders/);
	expect(() => checkOrderServiceUrl('https://shop.example{{crmId}}/orders')).toThrow(/host without placeholders/);
	expect(() => checkOrderServiceUrl('https://shop.example/c/{{crmId}}?q={{customer.fields.note}}')).toThrow(/not \{\{customer.fields.note\}\}/);
	expect(() => checkOrderServiceUrl('file:///etc/{{crmId}}')).toThrow(/http/);
});

describe('an order service on loopback', () => {
	let crm: FakeCrm;
	beforeAll(async () => {
		crm = await startFakeCrm([
			{ id: 'C-1', full_name: 'Ivan', phones: [], emails: [], loyalty: { tier: 'none', since: '2024-01-01' }, custom_fields: [], orders: [{ number: '4512', status: 'packed' }] },
		]);
	});
	afterAll(() => crm.close());
	const service = () => ({ url: `${crm.url}/api/v1/contacts/{{crmId}}/orders/{{order}}`, recordPath: 'data', timeoutMs: 2000, headers: { Authorization: `Bearer ${crm.token}` } });

	test('is asked for the customer’s own order, and a value that tries to climb out of the path stays one encoded segment', async () => {
		expect(await personalise('{{order.status}}', 'order 4512?', { customer: card(), orderService: service() })).toEqual({ text: 'packed' });
		expect(await personalise('{{order.status}}', 'order 4512?', { customer: card({ crmId: '../../me' }), orderService: service() })).toMatchObject({ missing: 'order.status' });
		expect(await personalise('{{order.status}}', 'order 4512?', { customer: card({ crmId: '..' }), orderService: service() })).toMatchObject({ missing: 'order.status' });
		expect(crm.calls).toEqual(['GET /api/v1/contacts/C-1/orders/4512', 'GET /api/v1/contacts/..%2F..%2Fme/orders/4512']);
	});

	test('a service that does not answer in time leaves the figure missing', async () => {
		const silent = createServer(() => undefined);
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		const slow = { ...service(), url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/orders/{{crmId}}/{{order}}`, timeoutMs: 300 };
		expect(await personalise('{{order.status}}', 'order 4512?', { customer: card(), orderService: slow })).toMatchObject({ missing: 'order.status', order: '4512' });
		silent.closeAllConnections();
		await new Promise((resolve) => silent.close(resolve));
	});
});
