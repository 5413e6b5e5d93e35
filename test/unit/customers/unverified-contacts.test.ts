/**
 * A contact typed into the web chat's pre-chat form is the customer's claim, not proof: it never
 * picks who gets a notification, never finds a card, and never becomes a CRM lookup key. A verified
 * contact (WhatsApp's number) or one an operator set does. Customer values cannot move the CRM
 * lookup to another path or host.
 */
import { randomUUID } from 'node:crypto';

import { correctCard, findCustomerId, lookUpCard, type CrmSource } from '../../../nodes/shared/customers';
import { recipientsFromItems } from '../../../nodes/shared/notify/audience';
import { startFakeCrm, type CrmContact, type FakeCrm } from '../../fakes/crm/server';
import { BACKENDS, inbound, storePerSuite } from './backends';

const vip: CrmContact = {
	id: 'C-9',
	full_name: 'Vera Important',
	phones: [{ kind: 'mobile', value: '+7 916 555-00-11' }],
	emails: [{ value: 'vera@example.ru' }],
	loyalty: { tier: 'platinum', since: '2020-01-01' },
	custom_fields: [],
};

const source = (crm: FakeCrm, path: string): CrmSource => ({
	credential: { baseUrl: `${crm.url}/api/v1`, authType: 'bearer', token: crm.token },
	request: { method: 'GET', path, cacheMinutes: 0 },
	mapping: { recordPath: 'data', fields: [{ target: 'vipTier', path: 'loyalty.tier' }, { target: 'crmId', path: 'id' }], tierNames: { platinum: 3 } },
});

describe.each(BACKENDS)('unverified contacts on %s', (_name, makeBackend) => {
	const suite = storePerSuite(makeBackend);
	let crm: FakeCrm;

	beforeAll(async () => {
		crm = await startFakeCrm([vip]);
	});
	beforeEach(() => {
		crm.calls.length = 0;
	});
	afterAll(async () => {
		await crm.close();
	});

	/** A web chat visitor who typed someone else's phone and e-mail into the pre-chat form. */
	const impostor = async (phone: string, email: string) => {
		const message = inbound('webchat', `site-${randomUUID()}`, { id: randomUUID(), name: 'Mallory', phone, email });
		return (await suite.store.conversations.logInbound(message)).customer;
	};

	test('a typed e-mail or phone selects no recipient and finds no card; an operator-set one does', async () => {
		const email = `victim-${randomUUID()}@example.com`;
		const phone = `+44 7700 ${String(Date.now()).slice(-6)}`;
		const mallory = await impostor(phone, email);

		const [byEmail, byPhone] = await recipientsFromItems(suite.store.db, [{ email }, { phone }]);
		expect([byEmail.customerId, byPhone.customerId]).toEqual([null, null]);
		expect(await findCustomerId(suite.store.db, { by: 'email', email })).toBeNull();
		expect(await findCustomerId(suite.store.db, { by: 'phone', phone })).toBeNull();

		await correctCard(suite.store.db, mallory.id, { email, phone });
		const [confirmedEmail, confirmedPhone] = await recipientsFromItems(suite.store.db, [{ email }, { phone }]);
		expect([confirmedEmail.customerId, confirmedPhone.customerId]).toEqual([mallory.id, mallory.id]);
	});

	test('a typed VIP phone is not a CRM lookup key: the impostor gets no tier; the verified WhatsApp number is', async () => {
		const mallory = await impostor('+7 916 555-00-11', 'vera@example.ru');
		const { card } = await lookUpCard(suite.store.db, { by: 'id', customerId: mallory.id }, source(crm, '/contacts?phone={{phone}}'));
		expect(card).toMatchObject({ vipTier: 0, crmId: null, crm: { status: 'skipped', reason: 'no phone to look up by' } });
		expect(crm.calls).toEqual([]);

		const vera = inbound('whatsapp', `wa-${randomUUID()}`, { id: '79165550011', name: 'Vera' });
		const { card: real } = await lookUpCard(suite.store.db, { by: 'message', message: vera }, source(crm, '/contacts?phone={{phone}}'));
		expect(real).toMatchObject({ vipTier: 3, crmId: 'C-9' });
	});

	test.each(['.', '..', '%2e%2e', ' .. '])('a customer value %p cannot change the CRM path', async (value) => {
		const visitor = inbound('webchat', `site-${randomUUID()}`, { id: randomUUID(), fields: { order: value } });
		const { card } = await lookUpCard(suite.store.db, { by: 'message', message: visitor }, source(crm, '/contacts/{{fields.order}}'));
		expect(card?.crm).toEqual({ status: 'skipped', reason: 'no fields.order to look up by' });
		expect(crm.calls).toEqual([]);
	});

	test.each(['@evil.example', '//evil.example/x', 'http://evil.example', '../../me', '?q=1#'])('a customer value %p stays a path segment on the CRM host', async (value) => {
		const visitor = inbound('webchat', `site-${randomUUID()}`, { id: randomUUID(), fields: { order: value } });
		await lookUpCard(suite.store.db, { by: 'message', message: visitor }, source(crm, '/contacts/{{fields.order}}'));
		expect(crm.calls).toEqual([`GET /api/v1/contacts/${encodeURIComponent(value)}`]);
	});
});
