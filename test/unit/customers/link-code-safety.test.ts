import { randomUUID } from 'node:crypto';

import { codeIn, CODE_DIGITS, createLinkCode, loadCard, redeemLinkCode } from '../../../nodes/shared/customers';
import { DEFAULT_WEBCHAT_LIMITS, webChatLimiter } from '../../../nodes/shared/channels/webchat/limits';
import { openAlerts } from '../../../nodes/shared/limits/alerts';
import { BACKENDS, inbound, minutesLater, storePerSuite } from './backends';

describe('what counts as a typed link code', () => {
	test.each([
		['123456789', '123456789'],
		['  123 456 789 ', '123456789'],
		['link 123-456-789', '123456789'],
		['Link: 123456789', '123456789'],
		['код 123456789', '123456789'],
		['Код: 123 456 789.', '123456789'],
		['mon code: 123 456 789', '123456789'],
	])('“%s” is the code %s', (text, code) => {
		expect(codeIn(text)).toBe(code);
	});

	test.each([
		'Where is my order 123456789?',
		'заказ 123456789 не пришёл',
		'My phone is 123456789',
		'1234567890',
		'123456',
		'123456789 and 987654321',
	])('“%s” is not a code', (text) => {
		expect(codeIn(text)).toBeNull();
	});

	test('staff may change the words typed before the code', () => {
		expect(codeIn('koppel 123456789', ['koppel'])).toBe('123456789');
		expect(codeIn('link 123456789', ['koppel'])).toBeNull();
		expect(codeIn('123456789', [])).toBe('123456789');
	});
});

describe.each(BACKENDS)('link codes are safe against guessing on %s', (_name, makeBackend) => {
	const suite = storePerSuite(makeBackend);
	let account: string;

	beforeEach(() => {
		account = randomUUID();
	});

	/** A code issued to a Telegram customer, and a code no one holds. */
	async function issued(at: Date) {
		const { customer } = await suite.store.conversations.logInbound(inbound('telegram', `bot-${account}`, { id: `tg-${account}`, name: 'Marta' }));
		const { code } = await createLinkCode(suite.store.db, customer.id, { at });
		return { owner: customer.id, code, wrong: String((Number(code) + 1) % 10 ** CODE_DIGITS).padStart(CODE_DIGITS, '0') };
	}

	test('an order number in a sentence neither links nor counts as a failed attempt', async () => {
		const at = new Date();
		const { owner, code } = await issued(at);
		const viber = { id: `vb-${account}` };
		const text = `Where is my order ${code}?`;

		expect(await redeemLinkCode(suite.store.db, text, inbound('viber', `v-${account}`, viber, text), at)).toEqual({
			linked: false,
			reason: 'no code in the text',
		});
		expect(await suite.store.customers.identities(owner)).toHaveLength(1);
		expect(await suite.store.db.query('SELECT id FROM link_code_failures')).toHaveLength(0);
	});

	test('after five wrong codes in an hour even the right one is refused, until the hour has passed', async () => {
		const at = new Date();
		const { owner, code, wrong } = await issued(at);
		const guesser = { id: `vb-${account}` };
		const typed = (text: string, minutes: number) =>
			redeemLinkCode(suite.store.db, text, inbound('viber', `v-${account}`, guesser, text), minutesLater(minutes, at));

		const left = [];
		for (let minute = 1; minute <= 5; minute++) left.push(await typed(wrong, minute));
		expect(left.map((r) => (r.linked === false && r.reason === 'unknown or expired code' ? r.attemptsLeft : r))).toEqual([4, 3, 2, 1, 0]);

		expect(await typed(code, 10)).toEqual({
			linked: false,
			reason: 'too many failed attempts',
			retryAt: minutesLater(61, at).toISOString(),
		});
		// Another identity is not held back by this one's guesses.
		const other = await redeemLinkCode(suite.store.db, code, inbound('webchat', `w-${account}`, { id: `web-${account}` }, code), minutesLater(10, at));
		expect(other).toMatchObject({ linked: true, customerId: owner });
		expect((await loadCard(suite.store.db, owner)).identities.map((i) => i.channel)).toEqual(['telegram', 'webchat']);
	});

	test('ten wrong codes from fresh web chats on one address hold that address back for the hour; another address is not', async () => {
		const at = new Date();
		const { owner, code, wrong } = await issued(at);
		// The web chat records each new chat's address as it lets it in (here with room for many chats).
		const limiter = webChatLimiter(suite.store.db, account, { ...DEFAULT_WEBCHAT_LIMITS, newSessionsPerHour: 100 });
		const fromChat = async (address: string, n: number, text: string, minutes: number) => {
			const session = `${address.replace(/\W/g, '')}-chat-${String(n).padStart(8, '0')}`;
			expect(await limiter.check(address, session)).toEqual({ ok: true });
			return redeemLinkCode(suite.store.db, text, inbound('webchat', account, { id: session }, text), minutesLater(minutes, at));
		};

		const guesses = [];
		for (let n = 0; n < 12; n++) guesses.push(await fromChat('203.0.113.66', n, wrong, n));
		expect(guesses.map((r) => r.linked === false && r.reason)).toEqual([...Array(10).fill('unknown or expired code'), 'too many failed attempts', 'too many failed attempts']);
		expect(guesses[10]).toEqual({ linked: false, reason: 'too many failed attempts', retryAt: minutesLater(60, at).toISOString() });
		// Even the right code, from yet another fresh chat on that address, is refused.
		expect(await fromChat('203.0.113.66', 99, code, 12)).toMatchObject({ linked: false, reason: 'too many failed attempts' });
		expect(await fromChat('198.51.100.5', 1, code, 13)).toMatchObject({ linked: true, customerId: owner });
		// A channel that does not know the sender's address is held to its identity's limit only.
		expect(await redeemLinkCode(suite.store.db, wrong, inbound('viber', `v-${account}`, { id: `vb-${account}` }, wrong), minutesLater(14, at))).toMatchObject({ reason: 'unknown or expired code' });
	});

	test('forty wrong codes racing in at once from fresh web chats on one address count ten failures, the rest are refused', async () => {
		const at = new Date();
		const { wrong } = await issued(at);
		const limiter = webChatLimiter(suite.store.db, account, { ...DEFAULT_WEBCHAT_LIMITS, newSessionsPerHour: 100 });
		const sessions = Array.from({ length: 40 }, (_, n) => `racer-${account}-${n}`);
		for (const session of sessions) expect(await limiter.check('203.0.113.77', session)).toEqual({ ok: true });

		const results = await Promise.all(sessions.map((session) => redeemLinkCode(suite.store.db, wrong, inbound('webchat', account, { id: session }, wrong), at)));

		const reasons = results.map((r) => (r.linked ? 'linked' : r.reason));
		expect(reasons.filter((r) => r === 'unknown or expired code')).toHaveLength(10);
		expect(reasons.filter((r) => r === 'too many failed attempts')).toHaveLength(30);
		expect(await suite.store.db.query('SELECT id FROM link_code_failures WHERE address = ?', ['203.0.113.77'])).toHaveLength(10);
	});

	test('the guesser may try again once the oldest failure leaves the window', async () => {
		const at = new Date();
		const { owner, code, wrong } = await issued(at);
		const guesser = { id: `vb-${account}` };
		const typed = (text: string, minutes: number) =>
			redeemLinkCode(suite.store.db, text, inbound('viber', `v-${account}`, guesser, text), minutesLater(minutes, at), {
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

describe.each(BACKENDS)('guessing from fresh sessions on %s', (_name, makeBackend) => {
	const suite = storePerSuite(makeBackend);

	/**
	 * Every guess from a new web chat session, as a script that opens a session per guess would
	 * send them; the five live codes themselves are among the guesses, after the first 30. The
	 * spike of failures suspends redemption and a supervisor is alerted once; nothing links.
	 */
	const GUESSES = 10_000;
	test(`${GUESSES.toLocaleString('en')} guesses from fresh sessions in a quarter hour never link, and a supervisor is alerted once`, async () => {
		const at = new Date();
		const owners = [];
		for (let i = 0; i < 5; i++) {
			const { customer } = await suite.store.conversations.logInbound(inbound('telegram', 'bot', { id: `owner-${i}`, name: `Owner ${i}` }));
			owners.push({ id: customer.id, code: (await createLinkCode(suite.store.db, customer.id, { at })).code });
		}
		const live = new Set(owners.map((o) => o.code));
		const guesses = Array.from({ length: GUESSES }, (_, i) => String((i * 7_919_113 + 12_345) % 10 ** CODE_DIGITS).padStart(CODE_DIGITS, '0')).filter((g) => !live.has(g));
		owners.forEach((owner, i) => guesses.splice(100 + i * 150, 0, owner.code));

		const outcomes: Record<string, number> = {};
		for (const [i, guess] of guesses.entries()) {
			const when = new Date(at.getTime() + Math.floor((i * 14 * 60_000) / guesses.length));
			const result = await redeemLinkCode(suite.store.db, guess, inbound('webchat', 'site', { id: `guesser-${i}` }, guess, when), when);
			const key = result.linked ? 'linked' : result.reason;
			outcomes[key] = (outcomes[key] ?? 0) + 1;
		}

		expect(outcomes.linked).toBeUndefined();
		expect(outcomes).toEqual({ 'unknown or expired code': 30, 'link codes suspended': guesses.length - 30 });
		expect(await openAlerts(suite.store.db)).toEqual([expect.objectContaining({ kind: 'link-code-guessing' })]);
		for (const owner of owners) expect((await loadCard(suite.store.db, owner.id)).identities).toHaveLength(1);
	}, 600_000);
});
