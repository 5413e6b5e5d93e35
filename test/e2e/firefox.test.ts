/**
 * The two pages people use, in Debian's stock Firefox ESR (driven over WebDriver BiDi by
 * puppeteer-core), against one real n8n running the support pipeline and the operator desk: a
 * customer on the web chat page, and an operator answering a Telegram customer from the desk, on
 * a desktop screen and on a tablet. Any console error or page error fails a scenario, so a
 * Content-Security-Policy that blocks something the page needs in Firefox shows here.
 */

import type { Browser, BrowserContext, Page } from 'puppeteer-core';

import type { User } from '../../nodes/shared/channels/telegram/schema';
import { deskPolicyWith, importCannedReplies, setPassword } from '../../nodes/shared/desk';
import type { Router } from '../../nodes/shared/routing';
import type { Store } from '../../nodes/shared/store';
import type { FakeTelegram } from '../fakes/telegram/server';
import { launchFirefox } from '../harness/browser';
import { CANNED_REPLIES, handOffOnTelegram, startDeskCenter, type DeskCenter } from '../harness/contact-center';
import type { N8nProcess } from '../harness/n8n-process';
import { eventually } from '../harness/wait';

jest.setTimeout(300_000);

const PASSWORD = 'a long desk passphrase';
const HOSTILE = '<script>alert("pwned")</script><img src=x onerror=alert(1)>';

let n8n: N8nProcess;
let telegram: FakeTelegram;
let store: Store;
let router: Router;
let browser: Browser;
let center: DeskCenter;

/** Telegram customers by first name, with their conversation once handed off to a person. */
const customers: Record<string, { user: User; conversationId: number }> = {};

beforeAll(async () => {
	center = await startDeskCenter();
	({ n8n, store, telegram, router } = center);
	browser = await launchFirefox();

	const general = await router.groups.create({ name: 'General', topics: [], line: 1 });
	// Olga holds one conversation at a time: Anna takes her slot, Boris waits in the queue.
	await router.operators.create({ name: 'Olga', login: 'olga', skills: [general.id], role: 'operator', status: 'online', capacity: 1 });
	await setPassword(store.db, 'olga', PASSWORD, { temporary: false }, deskPolicyWith({}));
	await importCannedReplies(store.db, CANNED_REPLIES, true);
	for (const name of ['Anna', 'Boris']) {
		customers[name] = await handOff(telegram.updates.customer({ first_name: name, last_name: 'Client', username: undefined, language_code: 'en' }));
	}
	await telegram.deliver(telegram.updates.text(customers.Boris.user, HOSTILE));
	await eventually('Boris’s markup stored', async () => (await store.db.query('SELECT id FROM messages WHERE text = ?', [HOSTILE])).length > 0);
});

afterAll(async () => {
	await browser?.close();
	await center?.stop();
});

const handOff = (user: User) => handOffOnTelegram(telegram, store, user);

/** Each scenario's browser contexts, closed after it so that no page keeps polling into the next. */
const contexts: BrowserContext[] = [];
afterEach(async () => {
	await Promise.all(contexts.splice(0).map((c) => c.close()));
});

/**
 * A fresh page on `path`, recording dialogs and every error the page or Firefox reports. A policy
 * violation is recorded from the page's own `securitypolicyviolation` event as well, so that a
 * blocked script or style fails the scenario however Firefox chooses to log it.
 */
async function open(path: string, viewport = { width: 1440, height: 900 }) {
	const context = await browser.createBrowserContext();
	contexts.push(context);
	const page = await context.newPage();
	await page.setViewport(viewport);
	const dialogs: string[] = [];
	const errors: string[] = [];
	page.on('dialog', (d) => {
		dialogs.push(d.message());
		void d.dismiss();
	});
	page.on('pageerror', (e) => errors.push(e instanceof Error ? e.message : String(e)));
	page.on('console', (m) => {
		if (m.type() === 'error') errors.push(m.text());
	});
	await page.evaluateOnNewDocument(() => {
		document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP blocked ${e.violatedDirective}: ${e.blockedURI}`));
	});
	await page.goto(n8n.webhookUrl(path));
	return { page, dialogs, errors };
}

const byTestId = (id: string) => `[data-testid="${id}"]`;
const row = (conversationId: number) => `[data-testid=conversation-row][data-conversation-id="${conversationId}"]`;
const textOf = (page: Page, selector: string) => page.$eval(selector, (node) => node.textContent);

async function shows(page: Page, selector: string, text: string) {
	await eventually(`«${text}» in ${selector}`, async () => (await page.$(selector)) !== null && (await textOf(page, selector)) === text);
}

describe('the web chat page in Firefox', () => {
	async function startChat(page: Page, profile: { name: string; email?: string; phone?: string }) {
		await page.locator('input[name=name]').fill(profile.name);
		if (profile.phone) await page.locator('input[name=phone]').fill(profile.phone);
		if (profile.email) await page.locator('input[name=email]').fill(profile.email);
		await page.click('#prechat button[type=submit]');
		await page.waitForSelector('#composer textarea', { visible: true });
	}

	async function write(page: Page, text: string) {
		await page.locator('#composer textarea').fill(text);
		await page.click('#composer button[type=submit]');
	}

	test('a customer fills the pre-chat form, asks where their order is and sees the answer', async () => {
		const { page, errors } = await open('webchat');

		await startChat(page, { name: 'Chloé Martin', email: 'chloe@example.fr' });
		await write(page, 'Where is my order?');

		await page.waitForSelector('.line.agent', { timeout: 20_000 });
		expect(await textOf(page, '.line.agent')).toContain('You asked: «Where is my order?»');
		expect(errors).toEqual([]);
		const [card] = await store.db.query("SELECT name, email FROM customers WHERE name = 'Chloé Martin'");
		expect(card).toMatchObject({ name: 'Chloé Martin', email: 'chloe@example.fr' });
	});

	test('a message containing <script> and <img onerror> shows as text and runs nothing', async () => {
		const { page, dialogs, errors } = await open('webchat');
		await startChat(page, { name: 'Mallory', phone: '+380501112233' });

		await write(page, HOSTILE);

		await page.waitForSelector('.line.customer');
		expect(await textOf(page, '.line.customer')).toBe(HOSTILE);
		// The round trip (stored, shown again by the poll, answered) gives a late rendering its chance to run.
		await page.waitForSelector('.line.agent', { timeout: 20_000 });
		expect(await textOf(page, '.line.customer')).toBe(HOSTILE);
		expect(await page.$$eval('.lines script, .lines img', (nodes) => nodes.length)).toBe(0);
		expect(dialogs).toEqual([]);
		expect(errors).toEqual([]);
	});
});

describe('the operator desk in Firefox', () => {
	async function signIn(page: Page) {
		await page.locator(byTestId('login-name')).fill('olga');
		await page.locator(byTestId('login-password')).fill(PASSWORD);
		await page.click(byTestId('login-submit'));
		await shows(page, byTestId('operator-name'), 'Olga');
	}

	test('an operator opens a queued conversation, inserts a canned reply with the customer’s name, and it arrives in their Telegram chat', async () => {
		const boris = customers.Boris;
		const { page, dialogs, errors } = await open('desk');
		await signIn(page);
		await page.click(byTestId('tab-queue'));
		await page.waitForSelector(row(boris.conversationId));
		await page.click(row(boris.conversationId));
		await shows(page, byTestId('pane-customer'), 'Boris Client');

		// His markup is on the page as text, and nothing of it ran.
		const hostile = await page.waitForSelector('[data-testid=message][data-from=customer] .text::-p-text(onerror)');
		expect(await hostile!.evaluate((node) => node.textContent)).toBe(HOSTILE);
		expect(await page.$$eval('img, [data-testid=messages] script', (nodes) => nodes.length)).toBe(0);

		await page.locator(byTestId('canned-search')).fill('greet');
		await page.locator('[data-testid=canned-item]::-p-text(Greeting)').click();
		const greeting = 'Hello Boris Client, this is Olga. I am looking at your order now.';
		expect(await page.$eval(byTestId('reply-box'), (box) => (box as HTMLTextAreaElement).value)).toBe(greeting);
		await page.click(byTestId('send-button'));

		const sent = await eventually('the reply at the fake Telegram server', () => telegram.sent(boris.user.id).find((m) => m.text === greeting));
		expect(sent.chat.id).toBe(boris.user.id);
		// The desk shows it too, as Olga's, on its next poll.
		await page.waitForSelector('[data-testid=message][data-from=operator] .text::-p-text(I am looking at your order)', { timeout: 20_000 });
		expect(dialogs).toEqual([]);
		expect(errors).toEqual([]);
	});

	test('on a tablet (820×1180) the list, the messages and the reply box are all usable', async () => {
		const anna = customers.Anna;
		const { page, errors } = await open('desk', { width: 820, height: 1180 });
		await signIn(page);
		// Anna holds Olga's slot: her conversation is on the "Mine" tab the desk opens with.
		await page.waitForSelector(row(anna.conversationId));
		await page.click(row(anna.conversationId));
		await shows(page, byTestId('pane-customer'), 'Anna Client');
		await page.waitForSelector('[data-testid=message][data-from=customer]');

		for (const selector of [byTestId('conversation-list'), row(anna.conversationId), byTestId('messages'), byTestId('reply-box'), byTestId('send-button')]) {
			const element = await page.$(selector);
			expect([selector, await element!.isVisible()]).toEqual([selector, true]);
		}
		// Nothing is pushed off the side of the screen.
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(820);
		expect(errors).toEqual([]);
	});
});
