import { randomUUID } from 'node:crypto';

import { lookUpCard, correctCard, parseTierNames, type CrmSource } from '../../../nodes/shared/customers';
import { startFakeCrm, type CrmContact, type FakeCrm } from '../../fakes/crm/server';
import { BACKENDS, inbound, minutesLater, storePerSuite } from './backends';

const ivanova: CrmContact = {
	id: 'C-1001',
	full_name: 'Maria Ivanova',
	phones: [
		{ kind: 'work', value: '+7 495 000-00-00' },
		{ kind: 'mobile', value: '+7 (916) 123-45-67' },
	],
	emails: [{ value: 'maria@example.ru' }],
	loyalty: { tier: 'gold', since: '2021-03-01' },
	custom_fields: [
		{ code: 'ORDER', value: 'A-5531' },
		{ code: 'CITY', value: 'Kazan' },
	],
};

/** How ops staff would map this CRM on the node: no code, only paths. */
function crmSource(crm: FakeCrm, cacheMinutes = 10): CrmSource {
	return {
		credential: { baseUrl: crm.url, authType: 'bearer', token: crm.token },
		request: { method: 'GET', path: '/api/v1/contacts?phone={{phone}}', cacheMinutes },
		mapping: {
			recordPath: 'data',
			fields: [
				{ target: 'crmId', path: 'id' },
				{ target: 'name', path: 'full_name' },
				{ target: 'phone', path: 'phones[kind=mobile].value' },
				{ target: 'email', path: 'emails[0].value' },
				{ target: 'vipTier', path: 'loyalty.tier' },
				{ target: 'fields.order', path: 'custom_fields[code=ORDER].value' },
				{ target: 'fields.city', path: 'custom_fields[code=CITY].value' },
			],
			tierNames: parseTierNames('silver=1, gold=2, platinum=3'),
		},
	};
}

const dupont: CrmContact = {
	id: 'C-2002',
	full_name: 'Jean Dupont',
	phones: [],
	emails: [{ value: 'jean.dupont@example.fr' }],
	loyalty: { tier: 'silver', since: '2023-11-20' },
	custom_fields: [],
};

describe.each(BACKENDS)('CRM lookup on %s', (_name, makeBackend) => {
	const suite = storePerSuite(makeBackend);
	let crm: FakeCrm;
	let account: string;

	beforeAll(async () => {
		crm = await startFakeCrm([ivanova, dupont]);
	});
	beforeEach(async () => {
		account = `wa-${randomUUID()}`;
		crm.calls.length = 0;
		crm.down = false;
		// Every test starts with a cold cache: the CRM answers are shared across customers by design.
		await suite.store.db.query('DELETE FROM crm_cache');
	});
	afterAll(async () => {
		await crm.close();
	});

	const whatsappFromMaria = () => inbound('whatsapp', account, { id: '79161234567', name: 'Маша' });

	test('a WhatsApp customer known to the CRM gets the CRM name, tier and order number, written back to the store', async () => {
		const { card } = await lookUpCard(suite.store.db, { by: 'message', message: whatsappFromMaria() }, crmSource(crm));

		expect(crm.calls).toEqual(['GET /api/v1/contacts?phone=%2B79161234567']);
		expect(card).toMatchObject({
			name: 'Маша',
			phone: '+7 (916) 123-45-67',
			email: 'maria@example.ru',
			vipTier: 2,
			crmId: 'C-1001',
			fields: { order: 'A-5531', city: 'Kazan' },
			crm: { status: 'found', cached: false },
		});
		const stored = await suite.store.customers.get(card!.id!);
		expect(stored).toMatchObject({ vipTier: 2, email: 'maria@example.ru', fields: { order: 'A-5531', city: 'Kazan' } });
	});

	test('a second lookup within the cache time makes no CRM call; after it expires the CRM is asked again', async () => {
		const at = new Date();
		const source = crmSource(crm, 10);
		await lookUpCard(suite.store.db, { by: 'message', message: whatsappFromMaria() }, source, at);
		const second = await lookUpCard(suite.store.db, { by: 'message', message: whatsappFromMaria() }, source, minutesLater(9, at));
		expect(crm.calls).toHaveLength(1);
		expect(second.card?.crm).toEqual({ status: 'found', cached: true });

		crm.contacts[0] = { ...ivanova, loyalty: { tier: 'platinum', since: '2021-03-01' } };
		try {
			const third = await lookUpCard(suite.store.db, { by: 'message', message: whatsappFromMaria() }, source, minutesLater(11, at));
			expect(crm.calls).toHaveLength(2);
			expect(third.card).toMatchObject({ vipTier: 3, crm: { status: 'found', cached: false } });
		} finally {
			crm.contacts[0] = ivanova;
		}
	});

	test('a customer the CRM does not know is remembered as unknown for the cache time', async () => {
		const stranger = () => inbound('whatsapp', account, { id: '380501112233' });
		const first = await lookUpCard(suite.store.db, { by: 'message', message: stranger() }, crmSource(crm));
		const second = await lookUpCard(suite.store.db, { by: 'message', message: stranger() }, crmSource(crm));
		expect(first.card).toMatchObject({ vipTier: 0, crmId: null, crm: { status: 'missing', cached: false } });
		expect(second.card?.crm).toEqual({ status: 'missing', cached: true });
		expect(crm.calls).toHaveLength(1);
	});

	test('a CRM under maintenance leaves the store card intact and says why, and is asked again next time', async () => {
		crm.down = true;
		const first = await lookUpCard(suite.store.db, { by: 'message', message: whatsappFromMaria() }, crmSource(crm));
		expect(first.card).toMatchObject({ name: 'Маша', crm: { status: 'error', reason: 'The CRM answered HTTP 503' } });
		crm.down = false;
		const second = await lookUpCard(suite.store.db, { by: 'message', message: whatsappFromMaria() }, crmSource(crm));
		expect(second.card?.crm).toEqual({ status: 'found', cached: false });
	});

	test('a wrong token is reported, not cached', async () => {
		const source = crmSource(crm);
		source.credential.token = 'expired';
		const { card } = await lookUpCard(suite.store.db, { by: 'message', message: whatsappFromMaria() }, source);
		expect(card?.crm).toEqual({ status: 'error', reason: 'The CRM answered HTTP 401' });
		expect(crm.calls).toEqual([]);
	});

	test('a customer with no phone is not looked up by phone', async () => {
		const { card } = await lookUpCard(suite.store.db, { by: 'message', message: inbound('webchat', account, { id: randomUUID() }) }, crmSource(crm));
		expect(card?.crm).toEqual({ status: 'skipped', reason: 'no phone to look up by' });
		expect(crm.calls).toEqual([]);
	});

	test('a lookup by phone the store does not know yet returns the CRM card without a stored id', async () => {
		const { card } = await lookUpCard(suite.store.db, { by: 'phone', phone: '+7 (495) 000 00 00' }, crmSource(crm, 0));
		expect(card).toMatchObject({ id: null, name: 'Maria Ivanova', vipTier: 2, crmId: 'C-1001', identities: [] });
	});

	test('a POST search by e-mail and a lookup by CRM id reach the same contact', async () => {
		const source = crmSource(crm, 0);
		source.request = { method: 'POST', path: '/api/v1/contacts/search', body: '{"email":"{{email}}"}', cacheMinutes: 0 };
		const byEmail = await lookUpCard(suite.store.db, { by: 'email', email: 'Jean.Dupont@example.fr' }, source);
		expect(byEmail.card).toMatchObject({ id: null, crmId: 'C-2002', name: 'Jean Dupont', vipTier: 1 });
		expect(crm.calls).toEqual(['POST /api/v1/contacts/search']);

		source.request = { method: 'GET', path: '/api/v1/contacts/{{crmId}}', cacheMinutes: 0 };
		const byId = await lookUpCard(suite.store.db, { by: 'crmId', crmId: 'C-2002' }, source);
		expect(byId.card).toMatchObject({ crmId: 'C-2002', email: 'jean.dupont@example.fr' });
		const missing = await lookUpCard(suite.store.db, { by: 'crmId', crmId: 'C-404' }, source);
		expect(missing.card).toBeNull();
	});

	test("an operator's tier and cleared e-mail survive the CRM", async () => {
		const { card } = await lookUpCard(suite.store.db, { by: 'message', message: whatsappFromMaria() }, crmSource(crm, 0));
		await correctCard(suite.store.db, card!.id!, { vipTier: 0, email: '' });
		const again = await lookUpCard(suite.store.db, { by: 'message', message: whatsappFromMaria() }, crmSource(crm, 0));
		expect(again.card).toMatchObject({ vipTier: 0, email: null, crmId: 'C-1001' });
		expect(again.card?.corrected.sort()).toEqual(['email', 'vipTier']);
	});
});
