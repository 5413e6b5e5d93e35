/**
 * Answers with the customer's own data in n8n's real engine: a message is logged, Customer Lookup
 * reads the customer from the CRM by their WhatsApp number, and the Self-Service Bot fills the
 * knowledge base's answer with their balance, or asks the shop for the order they name.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { INodeCredentials, INodeParameters } from 'n8n-workflow';

import { closeAllStores } from '../../nodes/shared/store';
import { startFakeCrm, type CrmContact, type FakeCrm } from '../fakes/crm/server';
import { runWorkflow, type WorkflowJson } from '../harness/engine';

jest.setTimeout(180_000);

const KB = [
	{
		intent: 'balance',
		language: 'en',
		question: 'What is my balance?|How much money is on my account|my account balance|balance left on my card',
		answer: '{{customer.name}}, your balance is {{customer.fields.balance}}.',
	},
	{
		intent: 'order_status',
		language: 'en',
		question: 'Where is my order?|where is order 1234|status of my order|when will my order arrive|track my order',
		answer: 'Order {{order.number}} is {{order.status}}.',
	},
	{
		intent: 'delivery_time',
		language: 'en',
		question: 'How long does shipping take?|delivery time|how many days is delivery|shipping time',
		answer: 'Delivery takes 3 to 5 working days.',
	},
	{
		intent: 'returns',
		language: 'en',
		question: 'How do I return an item?|return policy|send a product back|can I return my purchase',
		answer: 'You can return any item within 30 days.',
	},
];

const olena: CrmContact = {
	id: 'C-77',
	full_name: 'Olena Kovalenko',
	phones: [{ kind: 'mobile', value: '+380 50 123 45 67' }],
	emails: [],
	loyalty: { tier: 'none', since: '2024-01-01' },
	custom_fields: [{ code: 'BALANCE', value: '1 250.40 UAH' }],
	orders: [{ number: '4512', status: 'on its way, arriving Thursday' }],
};

/** A stranger's order: Olena must not learn its status by typing its number. */
const stranger: CrmContact = { ...olena, id: 'C-99', full_name: 'Someone Else', phones: [], custom_fields: [], orders: [{ number: '7001', status: 'delivered' }] };

let crm: FakeCrm;
const dir = mkdtempSync(join(tmpdir(), 'cc-bot-personal-'));
const store = { contactCenterStoreApi: { backend: 'sqlite', sqliteFile: join(dir, 'store.sqlite') } };

beforeAll(async () => {
	crm = await startFakeCrm([olena, stranger]);
});
afterAll(async () => {
	await crm.close();
	await closeAllStores();
	rmSync(dir, { recursive: true, force: true });
});

const STORE = { contactCenterStoreApi: { id: '1', name: 'Store' } };
const CRM = { contactCenterHttpCrmApi: { id: '2', name: 'CRM' } };

/** Log Conversation → Customer Lookup (the CRM by the verified WhatsApp number) → Self-Service Bot. */
function botWithCrm(botParameters: INodeParameters): WorkflowJson {
	const node = (name: string, type: string, x: number, parameters: INodeParameters, credentials: INodeCredentials) => ({
		id: name,
		name,
		type: `n8n-nodes-contact-center.${type}`,
		typeVersion: 1,
		position: [x, 0] as [number, number],
		parameters,
		credentials,
	});
	const to = (next: string) => ({ main: [[{ node: next, type: 'main' as const, index: 0 }]] });
	return {
		nodes: [
			{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			node('Log Conversation', 'contactCenterConversation', 200, { operation: 'logInbound' }, STORE),
			node(
				'Customer Lookup',
				'customerLookup',
				400,
				{
					operation: 'lookUp',
					findBy: 'item',
					useCrm: true,
					crmPath: '/api/v1/contacts?phone={{phone}}',
					recordPath: 'data',
					mapping: {
						field: [
							{ target: 'crmId', key: '', path: 'id' },
							{ target: 'name', key: '', path: 'full_name' },
							{ target: 'field', key: 'balance', path: 'custom_fields[code=BALANCE].value' },
						],
					},
					cacheMinutes: 0,
				},
				{ ...STORE, ...CRM },
			),
			node(
				'Self-Service Bot',
				'selfServiceBot',
				600,
				{ operation: 'answer', knowledgeSource: 'items', knowledgeItems: JSON.stringify(KB), topicsSource: 'none', menuSource: 'none', ...botParameters },
				{ ...STORE, ...CRM },
			),
		],
		connections: { Start: to('Log Conversation'), 'Log Conversation': to('Customer Lookup'), 'Customer Lookup': to('Self-Service Bot') },
	};
}

let sequence = 0;
async function olenaWrites(text: string, botParameters: INodeParameters = {}) {
	sequence += 1;
	const message = {
		channel: 'whatsapp',
		account: 'shop',
		externalId: `wamid-${sequence}`,
		// A new thread each time: every question starts its own conversation with the bot.
		conversationKey: `380501234567-${sequence}`,
		sender: { id: '380501234567', name: 'Olena', phone: '+380501234567' },
		text,
		receivedAt: new Date().toISOString(),
		raw: {},
	};
	const run = await runWorkflow(botWithCrm(botParameters), {
		credentials: { ...store, contactCenterHttpCrmApi: { baseUrl: crm.url, authType: 'bearer', token: crm.token } },
		triggerItems: [{ json: { message } }],
	});
	expect(run.error).toBeUndefined();
	const [answered] = run.outputOf('Self-Service Bot', 0);
	const [handedOff] = run.outputOf('Self-Service Bot', 1);
	return { answered, handedOff, bot: (answered ?? handedOff).bot as { reply: { text: string } } };
}

const orderService = {
	orderServiceUrl: '', // set per test once the fake CRM's port is known
	orderRecordPath: 'data',
	orderServiceAuth: true,
};

test('a customer asks her balance and gets her own figure, from the CRM her WhatsApp number found, with the name she gave', async () => {
	const { answered, bot } = await olenaWrites('what is my balance');

	expect(answered).toBeDefined();
	expect(bot.reply.text).toContain('Olena, your balance is 1 250.40 UAH.');
});

test('a customer asks where order 4512 is: the shop is asked for her order, and she gets its status', async () => {
	const { answered, bot } = await olenaWrites('where is order 4512', { ...orderService, orderServiceUrl: `${crm.url}/api/v1/contacts/{{crmId}}/orders/{{order}}` });

	expect(answered).toBeDefined();
	expect(bot.reply.text).toContain('Order 4512 is on its way, arriving Thursday.');
	expect(crm.calls).toContain('GET /api/v1/contacts/C-77/orders/4512');
});

test('an order the shop does not know for her — another customer’s — is not shown: she is told so and handed to a person', async () => {
	const { answered, handedOff, bot } = await olenaWrites('where is my order 7001?', {
		...orderService,
		orderServiceUrl: `${crm.url}/api/v1/contacts/{{crmId}}/orders/{{order}}`,
	});

	expect(answered).toBeUndefined();
	expect(handedOff.handoff).toMatchObject({ reason: 'data_missing' });
	expect(bot.reply.text).toContain('I could not find order 7001 among your orders.');
	expect(bot.reply.text).not.toContain('delivered');
});

test('an order service URL with the host left to a placeholder is refused before any customer value goes into it', async () => {
	const run = await runWorkflow(botWithCrm({ ...orderService, orderServiceUrl: 'https://{{crmId}}.example.com/orders/{{order}}' }), {
		credentials: { ...store, contactCenterHttpCrmApi: { baseUrl: crm.url, authType: 'bearer', token: crm.token } },
		triggerItems: [{ json: { message: { channel: 'whatsapp', account: 'shop', externalId: 'wamid-x', conversationKey: 'x', sender: { id: '380501234567' }, text: 'where is order 4512', receivedAt: new Date().toISOString(), raw: {} } } }],
	});
	expect(String(run.error?.message)).toMatch(/order service URL/);
});
