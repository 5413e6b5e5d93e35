import { randomUUID } from 'node:crypto';

import { codeIn, createLinkCode, loadCard, redeemLinkCode } from '../../../nodes/shared/customers';
import { closeAllStores, openStore, type Store } from '../../../nodes/shared/store';
import { BACKENDS, inbound, minutesLater, type Backend } from './backends';

describe('what counts as a typed link code', () => {
	test.each([
		['123456', '123456'],
		['  123 456 ', '123456'],
		['link 123-456', '123456'],
		['Link: 123456', '123456'],
		['код 123456', '123456'],
		['Код: 123 456.', '123456'],
		['mon code: 123 456', '123456'],
	])('“%s” is the code %s', (text, code) => {
		expect(codeIn(text)).toBe(code);
	});

	test.each([
		'Where is my order 123456?',
		'заказ 123456 не пришёл',
		'My phone is 123456',
		'1234567',
		'12345',
		'123456 and 654321',
	])('“%s” is not a code', (text) => {
		expect(codeIn(text)).toBeNull();
	});

	test('staff may change the words typed before the code', () => {
		expect(codeIn('koppel 123456', ['koppel'])).toBe('123456');
		expect(codeIn('link 123456', ['koppel'])).toBeNull();
		expect(codeIn('123456', [])).toBe('123456');
	});
});

describe.each(BACKENDS)('link codes are safe against guessing on %s', (_name, makeBackend) => {
	let backend: Backend;
	let store: Store;
	let account: string;

	beforeAll(async () => {
		backend = await makeBackend();
		store = await openStore(backend.config);
	});
	beforeEach(() => {
		account = randomUUID();
	});
	afterAll(async () => {
		await closeAllStores();
		await backend.dispose();
	});

	/** A code issued to a Telegram customer, and a code no one holds. */
	async function issued(at: Date) {
		const { customer } = await store.conversations.logInbound(inbound('telegram', `bot-${account}`, { id: `tg-${account}`, name: 'Marta' }));
		const { code } = await createLinkCode(store.db, customer.id, { at });
		return { owner: customer.id, code, wrong: String((Number(code) + 1) % 1_000_000).padStart(6, '0') };
	}

	test('an order number in a sentence neither links nor counts as a failed attempt', async () => {
		const at = new Date();
		const { owner, code } = await issued(at);
		const viber = { id: `vb-${account}` };
		const text = `Where is my order ${code}?`;

		expect(await redeemLinkCode(store.db, text, inbound('viber', `v-${account}`, viber, text), at)).toEqual({
			linked: false,
			reason: 'no code in the text',
		});
		expect(await store.customers.identities(owner)).toHaveLength(1);
		expect(await store.db.query('SELECT id FROM link_code_failures')).toHaveLength(0);
	});

	test('after five wrong codes in an hour even the right one is refused, until the hour has passed', async () => {
		const at = new Date();
		const { owner, code, wrong } = await issued(at);
		const guesser = { id: `vb-${account}` };
		const typed = (text: string, minutes: number) =>
			redeemLinkCode(store.db, text, inbound('viber', `v-${account}`, guesser, text), minutesLater(minutes, at));

		const left = [];
		for (let minute = 1; minute <= 5; minute++) left.push(await typed(wrong, minute));
		expect(left.map((r) => (r.linked === false && r.reason === 'unknown or expired code' ? r.attemptsLeft : r))).toEqual([4, 3, 2, 1, 0]);

		expect(await typed(code, 10)).toEqual({
			linked: false,
			reason: 'too many failed attempts',
			retryAt: minutesLater(61, at).toISOString(),
		});
		// Another identity is not held back by this one's guesses.
		const other = await redeemLinkCode(store.db, code, inbound('webchat', `w-${account}`, { id: `web-${account}` }, code), minutesLater(10, at));
		expect(other).toMatchObject({ linked: true, customerId: owner });
		expect((await loadCard(store.db, owner)).identities.map((i) => i.channel)).toEqual(['telegram', 'webchat']);
	});

	test('the guesser may try again once the oldest failure leaves the window', async () => {
		const at = new Date();
		const { owner, code, wrong } = await issued(at);
		const guesser = { id: `vb-${account}` };
		const typed = (text: string, minutes: number) =>
			redeemLinkCode(store.db, text, inbound('viber', `v-${account}`, guesser, text), minutesLater(minutes, at), {
				codeWords: ['link'],
				maxFailures: 2,
				failureWindowMinutes: 10,
			});
		await typed(wrong, 0);
		await typed(wrong, 5);
		expect(await typed(`link ${code}`, 9)).toMatchObject({ linked: false, reason: 'too many failed attempts' });
		expect(await typed(`link ${code}`, 11)).toMatchObject({ linked: true, customerId: owner });
	});
});
