/**
 * The supervisors' dashboard in headless Chromium against one real n8n running the support
 * pipeline and the operator-desk template: Telegram customers reach the queue through the real
 * webhook, and a supervisor watches it at /webhook/desk. With CC_SCREENSHOT=1 the run also
 * refreshes docs/screenshots/dashboard.png (1280×800) and dashboard-tablet.png.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';

import type { User } from '../../nodes/shared/channels/telegram/schema';
import { deskPolicyWith, setPassword } from '../../nodes/shared/desk';
import type { Router } from '../../nodes/shared/routing';
import type { Store } from '../../nodes/shared/store';
import type { FakeTelegram } from '../fakes/telegram/server';
import { launchChromium } from '../harness/browser';
import { deskPages, shows, signIn } from '../harness/desk-browser';
import { callDesk, handOffOnTelegram, startDeskCenter, type DeskCenter } from '../harness/contact-center';
import type { N8nProcess } from '../harness/n8n-process';
import { eventually } from '../harness/wait';

jest.setTimeout(300_000);

const PASSWORD = 'a long desk passphrase';
const HOSTILE_TOPIC = '<script>alert(1)</script> & co';
const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
const LAPTOP = { width: 1280, height: 800 };
const TABLET = { width: 820, height: 1180 };
const screenshot = (name: string) => resolve(__dirname, `../../docs/screenshots/${name}.png`);

let n8n: N8nProcess;
let telegram: FakeTelegram;
let store: Store;
let router: Router;
let browser: Browser;
let center: DeskCenter;
const customers: Record<string, { user: User; conversationId: number; customerId: number }> = {};

const customer = (first: string) => telegram.updates.customer({ first_name: first, last_name: 'Client', username: undefined, language_code: 'en' });

beforeAll(async () => {
	center = await startDeskCenter();
	({ n8n, store, telegram, router } = center);
	browser = await launchChromium();

	const general = await router.groups.create({ name: 'General', topics: [], line: 1 });
	await router.groups.create({ name: 'Experts', topics: [], line: 2 });
	// Olga holds one conversation at a time, so that everyone after the first customer waits.
	await router.operators.create({ name: 'Olga', login: 'olga', skills: [general.id], role: 'operator', status: 'online', capacity: 1 });
	await router.operators.create({ name: 'Pavel', login: 'pavel', skills: [general.id], role: 'operator', status: 'away', capacity: 3 });
	await router.operators.create({ name: 'Sam', login: 'sam', skills: [], role: 'supervisor', status: 'online', capacity: 5 });
	for (const login of ['olga', 'sam']) await setPassword(store.db, login, PASSWORD, { temporary: false }, deskPolicyWith({}));

	for (const name of ['Anna', 'Boris', HOSTILE_NAME]) customers[name] = await handOffOnTelegram(telegram, store, customer(name));
	await store.db.query('UPDATE conversations SET topic = ? WHERE id = ?', [HOSTILE_TOPIC, customers[HOSTILE_NAME].conversationId]);

	// Olga answers Anna from the desk, through the operator-desk template's Reply node.
	const { body } = await desk({ action: 'login', login: 'olga', password: PASSWORD });
	expect((await desk({ action: 'reply', conversationId: customers.Anna.conversationId, text: 'Hello Anna, I am on it.' }, body.token)).status).toBe(202);
	await eventually('Olga’s answer in Anna’s chat', () => telegram.sent(customers.Anna.user.id).some((m) => m.text === 'Hello Anna, I am on it.'));
});

afterAll(async () => {
	await browser?.close();
	await center?.stop();
});

const openDeskPage = deskPages(() => ({ browser, n8n }));
const openDesk = (viewport = LAPTOP) => openDeskPage({ viewport, acceptDownloads: true });

async function openDashboard(page: Page) {
	await signIn(page, 'sam', PASSWORD);
	await page.getByTestId('tab-dashboard').click();
	await page.getByTestId('dash-group').first().waitFor();
}

const groupRow = (page: Page, name: string) => page.locator(`[data-testid=dash-group][data-group="${name}"]`);
const queueOf = (page: Page, name: string) => groupRow(page, name).getByTestId('dash-group-queued');
const dashRow = (list: Locator, conversationId: number) => list.locator(`[data-testid=dash-conversation][data-conversation-id="${conversationId}"]`);

function desk(body: Record<string, unknown>, token?: string) {
	return callDesk(n8n, body, token);
}

test('a supervisor watches the queue grow when a customer asks for a person on Telegram, and opens the new one from the dashboard', async () => {
	const { page, dialogs, errors } = await openDesk();
	await openDashboard(page);
	// Anna is Olga's; Boris and the customer named in markup wait.
	await shows(queueOf(page, 'General'), '2');
	const waiting = page.getByTestId('dash-waiting');
	expect(await waiting.getByTestId('dash-conversation').evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.conversationId)))).toEqual([
		customers.Boris.conversationId,
		customers[HOSTILE_NAME].conversationId,
	]);
	// Names and topics from the store are text: in the list, and escaped in the server's chart (the
	// weekly report's own spec, shown as an image, so nothing of it is parsed by the page).
	expect(await dashRow(waiting, customers[HOSTILE_NAME].conversationId).locator('.name').textContent()).toBe(`${HOSTILE_NAME} Client`);
	await eventually('the topics chart', async () => (await page.getByTestId('dash-chart-topics').count()) === 1);
	const chart = (await page.getByTestId('dash-chart-topics').getAttribute('src'))!;
	const svg = Buffer.from(chart.slice(chart.indexOf(',') + 1), 'base64').toString('utf8');
	expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
	expect(svg).not.toContain('<script');
	expect(await page.locator('img:not(.chart)').count()).toBe(0);
	expect(await page.getByTestId('dash-operators-status').locator('strong').textContent()).toBe('1 online');
	// Anna was answered within seconds of asking for a person: one of one within five minutes.
	expect(await page.getByTestId('dash-first-response').locator('strong').textContent()).toMatch(/^0:\d{2}$/);
	expect(await page.getByTestId('dash-within5').locator('strong').textContent()).toBe('100 %');

	// Dmitri writes through the real Telegram webhook while the dashboard is open.
	customers.Dmitri = await handOffOnTelegram(telegram, store, customer('Dmitri'));
	await shows(queueOf(page, 'General'), '3');
	const dmitri = dashRow(waiting, customers.Dmitri.conversationId);
	await dmitri.waitFor();
	expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);

	await dmitri.click();
	await shows(page.getByTestId('pane-customer'), 'Dmitri Client');
	expect(await page.getByTestId('dashboard').isHidden()).toBe(true);
	expect(dialogs).toEqual([]);
	expect(errors).toEqual([]);
});

test('an operator has no Dashboard tab, and the dashboard and its export refuse them', async () => {
	const { page, errors } = await openDesk();
	await signIn(page, 'olga', PASSWORD);
	expect(await page.getByTestId('tab-dashboard').isHidden()).toBe(true);
	const token = await page.evaluate(() => sessionStorage.getItem('cc.desk.token'));
	for (const action of ['dashboard', 'dashboardCsv']) {
		expect(await desk({ action }, token!)).toEqual({ status: 403, body: { error: 'Only a supervisor can see the dashboard.' } });
	}
	expect(errors).toEqual([]);
});

test('a conversation breaking its SLA is highlighted at 1280×800 and on a tablet, and the CSV export holds what the dashboard shows', async () => {
	const now = Date.now();
	// The deadline the router holds the conversation to (the Prioritizer's, when it routed it).
	const due = async (conversationId: number, at: number) => {
		await store.db.query("UPDATE routing_entries SET deadline_ms = ? WHERE conversation_id = ? AND state <> 'closed'", [at, conversationId]);
	};
	await due(customers.Boris.conversationId, now - 60_000);
	await due(customers[HOSTILE_NAME].conversationId, now + 3 * 60_000);
	await due(customers.Dmitri.conversationId, now + 60 * 60_000);

	for (const [viewport, name] of [[LAPTOP, 'dashboard'], [TABLET, 'dashboard-tablet']] as const) {
		const { page, errors } = await openDesk(viewport);
		await openDashboard(page);
		const risk = page.getByTestId('dash-risk');
		const boris = dashRow(risk, customers.Boris.conversationId);
		const hostile = dashRow(risk, customers[HOSTILE_NAME].conversationId);
		await boris.waitFor({ timeout: 30_000 });
		expect(await boris.getAttribute('class')).toBe('overdue');
		expect(await hostile.getAttribute('class')).toBe('at-risk');
		expect(await dashRow(risk, customers.Dmitri.conversationId).count()).toBe(0);
		// Red for past, amber for within five minutes, the skill group's row red too.
		expect(await boris.evaluate((li) => getComputedStyle(li).backgroundColor)).toBe('rgb(253, 232, 230)');
		expect(await hostile.evaluate((li) => getComputedStyle(li).backgroundColor)).toBe('rgb(255, 244, 224)');
		expect(await boris.getByText(/^SLA overdue/).isVisible()).toBe(true);
		expect(await groupRow(page, 'General').getAttribute('class')).toBe('overdue');
		expect(await groupRow(page, 'General').getByTestId('dash-group-overdue').textContent()).toBe('1');
		// Every column of the groups' table shows without scrolling it sideways, Overdue the last of them.
		expect(await page.getByTestId('dash-groups').evaluate((table) => table.parentElement!.scrollWidth <= table.parentElement!.clientWidth)).toBe(true);
		// The layout keeps the whole dashboard inside the screen's width.
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
		expect(await boris.isVisible()).toBe(true);
		if (process.env.CC_SCREENSHOT) await page.screenshot({ path: screenshot(name), fullPage: viewport === TABLET });
		expect(errors).toEqual([]);
	}

	const { page, errors } = await openDesk();
	await openDashboard(page);
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dash-csv').click()]);
	expect(download.suggestedFilename()).toMatch(/^dashboard-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
	const lines = readFileSync((await download.path())!, 'utf8').trimEnd().split('\r\n');
	expect(lines[0]).toBe('section,item,measure,value');
	expect(lines).toEqual(expect.arrayContaining(['group,General,queued,3', 'group,General,overdue,1', `sla,${customers.Boris.conversationId},sla,overdue`]));
	expect(errors).toEqual([]);
});
