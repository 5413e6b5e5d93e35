/**
 * The operator desk in headless Chromium against one real n8n running both shipped templates: the
 * support pipeline hands Telegram customers over to a queue, operators work them at /webhook/desk,
 * and a reply sent from the page leaves through the operator-desk template's Reply node and
 * arrives at the fake Telegram server. With CC_SCREENSHOT=1 the run also refreshes
 * docs/operator-desk.png.
 */

import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';

import type { User } from '../../nodes/shared/channels/telegram/schema';
import { deskPolicyWith, importCannedReplies, setPassword } from '../../nodes/shared/desk';
import { parseInbound } from '../../nodes/shared/envelope';
import type { Operator, Router } from '../../nodes/shared/routing';
import type { Store } from '../../nodes/shared/store';
import type { FakeTelegram } from '../fakes/telegram/server';
import { launchChromium } from '../harness/browser';
import { deskPages, shows, signIn } from '../harness/desk-browser';
import { callDesk, CANNED_REPLIES, handOffOnTelegram, startDeskCenter, type DeskCenter } from '../harness/contact-center';
import type { N8nProcess } from '../harness/n8n-process';
import { eventually } from '../harness/wait';

jest.setTimeout(300_000);

const PASSWORD = 'a long desk passphrase';
const HOSTILE = '<img src=x onerror=alert(1)>';

let n8n: N8nProcess;
let telegram: FakeTelegram;
let store: Store;
let router: Router;
let browser: Browser;
let center: DeskCenter;
let olga: Operator;

/** Customers by first name, with their Telegram user and their conversation once handed off. */
const customers: Record<string, { user: User; conversationId: number; customerId: number }> = {};

beforeAll(async () => {
	center = await startDeskCenter();
	({ n8n, store, telegram, router } = center);
	browser = await launchChromium();

	const general = await router.groups.create({ name: 'General', topics: [], line: 1 });
	await router.groups.create({ name: 'Experts', topics: [], line: 2 });
	// Olga holds one conversation at a time, so that everyone after the first customer waits.
	olga = await router.operators.create({ name: 'Olga', login: 'olga', skills: [general.id], role: 'operator', status: 'online', capacity: 1 });
	await router.operators.create({ name: 'Sam', login: 'sam', skills: [], role: 'supervisor', status: 'online', capacity: 5 });
	for (const login of ['olga', 'sam']) await setPassword(store.db, login, PASSWORD, { temporary: false }, deskPolicyWith({}));
	await importCannedReplies(store.db, CANNED_REPLIES, true);

	// Anna takes Olga's only slot; everyone after her waits, Victor before Vera among the VIPs. The VIPs
	// asked the bot something first, so their cards exist and are VIP when the Prioritizer sees them.
	for (const name of ['Victor', 'Vera']) {
		const user = telegram.updates.customer({ first_name: name, last_name: 'Gold', username: undefined, language_code: 'en' });
		await telegram.deliver(telegram.updates.text(user, 'Where is my order?'));
		await eventually(`the bot's answer to ${name}`, () => telegram.sent(user.id).length > 0);
		const [row] = await store.db.query("SELECT customer_id FROM identities WHERE channel = 'telegram' AND external_user_id = ?", [String(user.id)]);
		await store.customers.update(Number(row.customer_id), { vipTier: 1 });
		customers[name] = { user, conversationId: 0, customerId: Number(row.customer_id) };
	}
	for (const name of ['Anna', 'Boris', 'Victor', 'Vera', 'Mallory', 'Dmitri']) {
		const user = customers[name]?.user ?? telegram.updates.customer({ first_name: name, last_name: 'Client', username: undefined, language_code: 'en' });
		customers[name] = await handOff(user);
	}
	await telegram.deliver(telegram.updates.text(customers.Mallory.user, HOSTILE));
	await eventually('Mallory’s markup stored', async () => (await store.db.query('SELECT id FROM messages WHERE text = ?', [HOSTILE])).length > 0);
});

afterAll(async () => {
	await browser?.close();
	await center?.stop();
});

const handOff = (user: User) => handOffOnTelegram(telegram, store, user);

const openDesk = deskPages(() => ({ browser, n8n }));

const row = (page: Page, conversationId: number) => page.locator(`[data-testid=conversation-row][data-conversation-id="${conversationId}"]`);

function desk(body: Record<string, unknown>, token?: string) {
	return callDesk(n8n, body, token);
}

test('an operator picks the oldest VIP from the queue, inserts a canned reply with the customer’s name, and it arrives in their Telegram chat', async () => {
	const { page, errors } = await openDesk();
	await signIn(page, 'olga', PASSWORD);
	await page.getByTestId('tab-queue').click();
	const victor = customers.Victor;
	await row(page, victor.conversationId).waitFor();

	// Among the VIP rows of the queue, the one waiting longest is Victor's.
	const vipRows = page.locator('[data-testid=conversation-row]', { has: page.getByTestId('vip-badge') });
	const waitingSince = await vipRows.evaluateAll((rows) =>
		rows.map((r) => ({ id: Number((r as HTMLElement).dataset.conversationId), since: (r.querySelector('[data-since]') as HTMLElement).dataset.since! })),
	);
	expect(waitingSince.map((r) => r.id).sort()).toEqual([victor.conversationId, customers.Vera.conversationId].sort());
	const oldest = waitingSince.reduce((a, b) => (Date.parse(a.since) <= Date.parse(b.since) ? a : b));
	expect(oldest.id).toBe(victor.conversationId);
	expect(await row(page, victor.conversationId).getByTestId('vip-badge').textContent()).toBe('VIP');
	// The Prioritizer put both VIPs ahead of Boris, who has waited longer.
	const queue = await page.getByTestId('conversation-row').evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.conversationId)));
	expect(queue.slice(0, 3)).toEqual([victor.conversationId, customers.Vera.conversationId, customers.Boris.conversationId]);

	await row(page, victor.conversationId).click();
	await shows(page.getByTestId('pane-customer'), 'Victor Gold');
	await page.getByTestId('canned-search').fill('greet');
	await page.getByTestId('canned-item').filter({ hasText: 'Greeting' }).click();
	expect(await page.getByTestId('reply-box').inputValue()).toBe('Hello Victor Gold, this is Olga. I am looking at your order now.');
	await page.getByTestId('send-button').click();

	const sent = await eventually('the reply at the fake Telegram server', () =>
		telegram.sent(victor.user.id).find((m) => m.text === 'Hello Victor Gold, this is Olga. I am looking at your order now.'),
	);
	expect(sent.chat.id).toBe(victor.user.id);
	// The desk shows it too, as Olga's, on its next poll.
	await page.locator('[data-testid=message][data-from=operator]', { hasText: 'I am looking at your order' }).waitFor({ timeout: 20_000 });
	await shows(page.getByTestId('notice'), 'Sent.');
	expect(errors).toEqual([]);
});

test('a supervisor transfers a conversation to line 2 and it leaves the operator’s open list without a reload', async () => {
	const boris = customers.Boris;
	const olgaDesk = await openDesk();
	await signIn(olgaDesk.page, 'olga', PASSWORD);
	await olgaDesk.page.getByTestId('tab-queue').click();
	await row(olgaDesk.page, boris.conversationId).waitFor();

	const { page } = await openDesk();
	await signIn(page, 'sam', PASSWORD);
	await page.getByTestId('tab-queue').click();
	await row(page, boris.conversationId).click();
	await page.getByTestId('transfer-button').click();
	await page.getByTestId('transfer-kind').selectOption('line');
	await page.getByTestId('transfer-line').selectOption('2');
	await page.getByTestId('transfer-note').fill('Asks about a contract change, line 2 please');
	await page.getByTestId('transfer-submit').click();
	await shows(page.getByTestId('notice'), 'Conversation transferred.');

	await row(olgaDesk.page, boris.conversationId).waitFor({ state: 'detached', timeout: 20_000 });
	expect(await olgaDesk.page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
	expect(await router.entry(boris.conversationId)).toMatchObject({ line: 2, state: 'queued' });
});

test('a customer message full of markup shows as text and runs nothing', async () => {
	const { page, dialogs, errors } = await openDesk();
	await signIn(page, 'olga', PASSWORD);
	await page.getByTestId('tab-queue').click();
	await row(page, customers.Mallory.conversationId).click();

	const message = page.locator('[data-testid=message][data-from=customer]', { hasText: HOSTILE });
	await message.waitFor();
	expect(await message.locator('.text').textContent()).toBe(HOSTILE);
	expect(await page.getByTestId('messages').locator('img').count()).toBe(0);
	expect(await page.locator('img').count()).toBe(0);
	// Wait for a poll round trip, so that a late rendering would have had its chance to run.
	await page.waitForResponse((r) => r.url().endsWith('/webhook/desk') && r.request().postData()?.includes('"changes"') === true);
	expect(dialogs).toEqual([]);
	expect(errors).toEqual([]);
});

test('an operator closes a conversation asking for a rating: the question reaches the customer and her freed slot takes the head of the queue', async () => {
	const anna = customers.Anna;
	const { page, errors } = await openDesk();
	await signIn(page, 'olga', PASSWORD);
	await row(page, anna.conversationId).click();
	await page.getByTestId('ask-rating').check();
	await page.getByTestId('close-button').click();
	await shows(page.getByTestId('notice'), 'Conversation closed; the customer was asked for a rating.');

	await eventually('the rating question in Anna’s chat', () =>
		telegram.sent(anna.user.id).some((m) => m.text === 'Thank you for contacting us! How would you rate our help, from 1 (bad) to 5 (excellent)?'),
	);
	// Victor is the VIP who has waited longest: he is Olga's now, and her page shows it.
	expect(await router.entry(customers.Victor.conversationId)).toMatchObject({ state: 'assigned', operatorId: olga.id });
	await row(page, customers.Victor.conversationId).waitFor({ timeout: 20_000 });
	expect(await row(page, anna.conversationId).count()).toBe(0);
	expect(errors).toEqual([]);
});

test('a reply Telegram refuses (the customer blocked the bot) shows on the desk as not delivered, with the reason', async () => {
	const vera = customers.Vera;
	telegram.block(vera.user.id);
	const { page, errors } = await openDesk();
	await signIn(page, 'olga', PASSWORD);
	await page.getByTestId('tab-queue').click();
	await row(page, vera.conversationId).click();
	await page.getByTestId('reply-box').fill('Vera, your refund is on its way.');
	await page.getByTestId('send-button').click();

	const failed = page.locator('[data-testid=message][data-from=operator].failed', { hasText: 'your refund is on its way' });
	await failed.waitFor({ timeout: 20_000 });
	expect(await failed.locator('.by').textContent()).toMatch(/not delivered: .*blocked/i);
	expect(await page.getByTestId('notice').textContent()).toMatch(/^Not delivered: .*blocked/i);
	expect(telegram.sent(vera.user.id).some((m) => m.text === 'Vera, your refund is on its way.')).toBe(false);
	expect(errors).toEqual([]);
});

test('a new operator signs in with a temporary password, chooses their own, and lands on the desk', async () => {
	const general = (await router.groups.list()).find((g) => g.name === 'General')!;
	// Offline, so that she takes nobody from the queue the other scenarios look at.
	await router.operators.create({ name: 'Tina', login: 'tina', skills: [general.id], role: 'operator', status: 'offline', capacity: 2 });
	await setPassword(store.db, 'tina', 'temporary-1234', { temporary: true }, deskPolicyWith({}));
	const { page, errors } = await openDesk();

	await page.getByTestId('login-name').fill('tina');
	await page.getByTestId('login-password').fill('temporary-1234');
	await page.getByTestId('login-submit').click();
	await page.getByTestId('password-form').waitFor();
	expect(await page.getByTestId('desk').isHidden()).toBe(true);
	await page.getByTestId('password-current').fill('temporary-1234');
	await page.getByTestId('password-next').fill('my own long passphrase');
	await page.getByTestId('password-submit').click();

	await shows(page.getByTestId('operator-name'), 'Tina');
	expect((await desk({ action: 'login', login: 'tina', password: 'temporary-1234' })).status).toBe(401);
	expect((await desk({ action: 'login', login: 'tina', password: 'my own long passphrase' })).body.operator).toMatchObject({ name: 'Tina', mustChangePassword: false });
	expect(errors).toEqual([]);
});

test('a reload keeps the operator signed in; signing out ends the session on the server too', async () => {
	const { page, errors } = await openDesk();
	await signIn(page, 'olga', PASSWORD);
	const token = await page.evaluate(() => sessionStorage.getItem('cc.desk.token'));

	await page.reload();
	await shows(page.getByTestId('operator-name'), 'Olga');
	await page.getByTestId('logout').click();
	await page.getByTestId('login-view').waitFor();

	expect(await page.getByTestId('desk').isHidden()).toBe(true);
	expect((await desk({ action: 'list' }, token!)).status).toBe(401);
	expect(errors).toEqual([]);
});

describe('the desk API refuses', () => {
	test('a wrong password with 401 and a reason that does not say whether the login exists', async () => {
		const wrong = await desk({ action: 'login', login: 'olga', password: 'not her password' });
		const unknown = await desk({ action: 'login', login: 'nobody', password: 'not her password' });

		expect(wrong.status).toBe(401);
		expect(wrong.body.error).toEqual(expect.any(String));
		expect(wrong.body.token).toBeUndefined();
		expect(unknown).toEqual(wrong);
	});

	test('a call without a session, or with an invalid one, with 401', async () => {
		const missing = await desk({ action: 'list' });
		const invalid = await desk({ action: 'list' }, 'A'.repeat(43));

		expect([missing.status, invalid.status]).toEqual([401, 401]);
		expect(missing.body.queue).toBeUndefined();
		expect(invalid.body.queue).toBeUndefined();
	});

	test('an operator asking for another group’s conversation with 403', async () => {
		const sam = (await desk({ action: 'login', login: 'sam', password: PASSWORD })).body.token as string;
		const olgaToken = (await desk({ action: 'login', login: 'olga', password: PASSWORD })).body.token as string;
		const dmitri = customers.Dmitri.conversationId;
		expect((await desk({ action: 'conversation', conversationId: dmitri }, olgaToken)).status).toBe(200);

		const moved = await desk({ action: 'transfer', conversationId: dmitri, group: 'Experts' }, sam);
		const refused = await desk({ action: 'conversation', conversationId: dmitri }, olgaToken);
		const reply = await desk({ action: 'reply', conversationId: dmitri, text: 'sneaking in' }, olgaToken);

		expect(moved.status).toBe(200);
		expect(refused).toEqual({ status: 403, body: { error: `Conversation ${dmitri} belongs to skill group "Experts", which is not one of yours.` } });
		expect(reply.status).toBe(403);
		expect(telegram.sent(customers.Dmitri.user.id).some((m) => m.text === 'sneaking in')).toBe(false);
	});
});

test('while the page refreshes, what the operator types in the topic box and the card stays, and saving sends only what changed', async () => {
	const { page, errors } = await openDesk();
	await signIn(page, 'olga', PASSWORD);
	await page.getByTestId('tab-queue').click();
	const vera = customers.Vera;
	await row(page, vera.conversationId).click();
	await shows(page.getByTestId('pane-customer'), 'Vera Gold');
	const refreshes = async (times: number) => {
		for (let i = 0; i < times; i++) await page.waitForResponse((r) => r.url().includes('/webhook/desk') && r.request().postData()?.includes('"changes"') === true);
	};

	await page.getByTestId('topic-input').fill('refund-dispu');
	await refreshes(2);
	expect(await page.getByTestId('topic-input').inputValue()).toBe('refund-dispu');

	const phone = page.getByTestId('card-field-phone');
	await phone.fill('+380 44 123 45 67');
	await page.getByTestId('messages').click();
	await refreshes(2);
	expect(await phone.inputValue()).toBe('+380 44 123 45 67');

	await page.getByTestId('card-save').click();
	await eventually('the card saved', async () => (await store.customers.get(vera.customerId))?.phone === '+380 44 123 45 67');
	const [card] = await store.db.query('SELECT corrected FROM customers WHERE id = ?', [vera.customerId]);
	expect(JSON.parse(String(card.corrected))).toEqual(['phone']);
	expect(errors).toEqual([]);
});

test('on a tablet the list and the open conversation are both usable', async () => {
	const { page, errors } = await openDesk({ viewport: { width: 820, height: 1180 } });
	await signIn(page, 'olga', PASSWORD);
	await page.getByTestId('tab-queue').click();
	const vera = row(page, customers.Vera.conversationId);
	await vera.click();

	await shows(page.getByTestId('pane-customer'), 'Vera Gold');
	expect(await page.getByTestId('conversation-list').isVisible()).toBe(true);
	expect(await vera.isVisible()).toBe(true);
	for (const hook of ['messages', 'reply-box', 'send-button', 'canned-search', 'customer-card', 'transfer-button']) {
		expect([hook, await page.getByTestId(hook).isVisible()]).toEqual([hook, true]);
	}
	// Nothing is pushed off the side of the screen.
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(820);
	expect(errors).toEqual([]);
});

(process.env.CC_SCREENSHOT ? test : test.skip)('the desk with a realistic conversation, for docs/operator-desk.png', async () => {
	const victor = customers.Victor;
	// Victor wrote on the web chat last week too: the history shows both channels.
	const { conversation } = await store.conversations.logInbound(
		parseInbound({
			channel: 'webchat',
			account: 'website',
			externalId: 'web-victor-1',
			conversationKey: 'session-victor-0001',
			sender: { id: 'session-victor-0001', name: 'Victor Gold' },
			text: 'Hi, can I change the delivery address of order A-1042?',
			receivedAt: new Date(Date.now() - 6 * 86_400_000).toISOString(),
			raw: {},
		}),
	);
	// As if he had linked the web chat to his card: his identity and conversation move onto it.
	await store.db.query('UPDATE conversations SET customer_id = ? WHERE id = ?', [victor.customerId, conversation.id]);
	await store.db.query("UPDATE identities SET customer_id = ? WHERE channel = 'webchat' AND external_user_id = 'session-victor-0001'", [victor.customerId]);
	const answer = await store.messages.addOutbound({ conversationId: conversation.id, channel: 'webchat', author: 'operator:' + olga.id, text: 'Done: it goes to 12 Harbour Street now.' });
	await store.messages.markSent(answer.id, null);
	const daysAgo = (minutesLater: number) => new Date(Date.now() - 6 * 86_400_000 + minutesLater * 60_000).toISOString();
	await store.db.query("UPDATE messages SET created_at = ? WHERE conversation_id = ? AND direction = 'in'", [daysAgo(0), conversation.id]);
	await store.db.query('UPDATE messages SET created_at = ? WHERE id = ?', [daysAgo(4), answer.id]);
	await store.db.query('UPDATE conversations SET created_at = ? WHERE id = ?', [daysAgo(0), conversation.id]);
	await store.conversations.close(conversation.id);
	await store.customers.update(victor.customerId, { email: 'victor.gold@example.com', phone: '+44 20 7946 0958', fields: { orderNumber: 'A-1187' } });
	await store.conversations.addTags(victor.conversationId, ['delivery', 'vip-callback']);

	const { page } = await openDesk({ viewport: { width: 1440, height: 900 } });
	await signIn(page, 'olga', PASSWORD);
	// Victor is Olga's once she closed Anna's conversation; run alone, this test finds him still waiting.
	const held = (await router.entry(victor.conversationId))?.operatorId === olga.id;
	await page.getByTestId(held ? 'tab-mine' : 'tab-queue').click();
	await row(page, victor.conversationId).click();
	await page.locator('[data-testid=message][data-channel=webchat]').first().waitFor();
	await page.getByTestId('reply-box').fill('Your parcel left the warehouse this morning; tracking follows by e-mail.');
	await page.screenshot({ path: resolve(__dirname, '../../docs/operator-desk.png') });
});
