/**
 * n8n's own editor in headless Chromium, on a real n8n 2.41 with every shipped template imported
 * as `npm start` imports them: an ops person signs in as the owner, opens each template and finds
 * no node marked with an issue and no panel with a field in error; adds an operator as a row of
 * the Operators Data Table and gives them a password through the admin form, and the operator
 * signs in to the desk with it; edits a canned reply in the Data Table's grid and the operator's
 * desk offers the new text. With CC_SCREENSHOT=1 the run also refreshes the README's screenshots
 * (docs/screenshots/support-pipeline.png, docs/screenshots/canned-replies-table.png).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { selectors, type Browser, type BrowserContext, type Page } from 'playwright-core';

import { routerOn } from '../../nodes/shared/routing';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram/server';
import { launchChromium } from '../harness/browser';
import { adminForm, callDesk, handOffOnTelegram, startContactCenter, type ContactCenter } from '../harness/contact-center';
import { eventually } from '../harness/wait';

jest.setTimeout(600_000);

const WORKFLOWS = resolve(__dirname, '../../workflows');
const SCREENSHOTS = resolve(__dirname, '../../docs/screenshots');
const TEMPLATES = readdirSync(WORKFLOWS)
	.filter((file) => file.endsWith('.json'))
	.map((file) => ({ file: resolve(WORKFLOWS, file), ...(JSON.parse(readFileSync(resolve(WORKFLOWS, file), 'utf8')) as { id: string; name: string }) }));
const OWNER = { email: 'ops@acme.test', password: 'Ops-lead-2026!' };
const OWN_PASSWORD = 'tina’s own long passphrase';

let center: ContactCenter;
let telegram: FakeTelegram;
let browser: Browser;
let editor: Page;
/** The owner's REST session, for what the table view reads (n8n ties a session to its browser id). */
let ownerCookie: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
	telegram = await startFakeTelegram();
	// Every template at once: on a loaded machine n8n takes minutes to publish them all.
	center = await startContactCenter({ workflows: TEMPLATES.map((t) => t.file), telegram, readyTimeoutMs: 480_000 });
	const setup = await fetch(`${center.n8n.baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ ...OWNER, firstName: 'Ops', lastName: 'Lead' }),
	});
	if (!setup.ok) throw new Error(`owner setup: ${setup.status} ${await setup.text()}`);
	ownerCookie = (setup.headers.get('set-cookie') ?? '').split(';')[0];
	browser = await launchChromium();
	// n8n's editor marks its elements with data-test-id.
	selectors.setTestIdAttribute('data-test-id');
	editor = await newPage();
	await editor.goto(`${center.n8n.baseUrl}/signin`, { waitUntil: 'domcontentloaded' });
	await editor.locator('#emailOrLdapLoginId').fill(OWNER.email);
	await editor.locator('#password').fill(OWNER.password);
	await editor.getByTestId('form-submit-button').click();
	await editor.waitForURL((url) => !url.pathname.startsWith('/signin'));
});

afterAll(async () => {
	await Promise.all(contexts.map((c) => c.close()));
	await browser?.close();
	await center?.stop();
	await telegram?.close();
});

async function newPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, ...options });
	// The editor's bundle is large: on a loaded machine a page takes far longer than Playwright's 30 s.
	context.setDefaultTimeout(180_000);
	contexts.push(context);
	return context.newPage();
}

/** The editor's pages keep a connection open, so "load" may never come: the canvas is what is waited for. */
async function openWorkflow(id: string) {
	await editor.goto(`${center.n8n.baseUrl}/workflow/${id}`, { waitUntil: 'domcontentloaded' });
	await editor.getByTestId('canvas-node').first().waitFor();
}

const canvasNode = (name: string) => editor.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);

/** Opens a node's panel and gives the issue markers n8n shows in it; the panel is closed again. */
async function panelIssues(name: string): Promise<string[]> {
	await canvasNode(name).dblclick();
	await editor.getByTestId('node-parameters').waitFor();
	const issues = await editor.getByTestId('parameter-issues').allInnerTexts();
	await editor.getByTestId('ndv-close-button').click();
	return issues;
}

/** n8n's own REST API (what the editor's table view calls), as the owner. */
async function rest(method: string, path: string, body?: unknown) {
	const response = await fetch(`${center.n8n.baseUrl}/rest${path}`, {
		method,
		headers: { cookie: ownerCookie, 'content-type': 'application/json', 'browser-id': 'e2e' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
	return ((await response.json()) as { data: any }).data;
}

async function dataTableId(name: string): Promise<{ projectId: string; tableId: string }> {
	const project = await rest('GET', '/projects/personal');
	const tables = await eventually(`the table «${name}»`, async () => {
		const { data } = (await rest('GET', `/projects/${project.id}/data-tables`)) as { data: Array<{ id: string; name: string }> };
		return data.find((t) => t.name === name);
	}, 120_000);
	return { projectId: project.id, tableId: tables.id };
}

function desk(body: Record<string, unknown>, token?: string) {
	return callDesk(center.n8n, body, token);
}

test('every shipped template opens with no node marked with an issue, and the key panels show no field in error', async () => {
	const marked: string[] = [];
	for (const { id, name } of TEMPLATES) {
		await openWorkflow(id);
		const nodes = await editor.getByTestId('canvas-node').count();
		expect(nodes).toBeGreaterThan(1);
		for (const marker of ['node-issues', 'node-setup-required']) {
			const count = await editor.getByTestId(marker).count();
			if (count) marked.push(`${name}: ${count} × ${marker}`);
		}
	}
	expect(marked).toEqual([]);

	await openWorkflow('cc-support-pipeline');
	for (const node of ['Self-Service Bot', 'Topic Classifier', 'Prioritizer', 'Skill Router', 'Bot Answer']) {
		expect({ node, issues: await panelIssues(node) }).toEqual({ node, issues: [] });
	}
	if (process.env.CC_SCREENSHOT === '1') {
		await editor.getByTestId('zoom-to-fit').click();
		await editor.screenshot({ path: resolve(SCREENSHOTS, 'support-pipeline.png') });
	}
});

test('the same markers do show when a panel has a field in error: a required field emptied', async () => {
	await openWorkflow('cc-admin-forms');
	await canvasNode('Set Password').dblclick();
	const login = editor.getByTestId('parameter-input-login');
	await login.hover();
	await editor.getByTestId('parameter-item').filter({ has: login }).getByTestId('radio-button-fixed').click();
	await login.locator('input').fill('');
	await editor.getByTestId('tab-settings').click();
	await editor.getByTestId('tab-params').click();

	await eventually('the field in error', async () => (await editor.getByTestId('parameter-issues').count()) > 0);
	await editor.getByTestId('ndv-close-button').click();
	expect(await canvasNode('Set Password').getByTestId('node-issues').count()).toBe(1);
});

/** The Set Password admin form filled and sent as ops staff do, signed in with the install's form user; the page shows the answer. */
async function submitPasswordForm(login: string, password: string) {
	const form = adminForm(center.n8n, 'Set Password Form');
	const page = await newPage({ httpCredentials: { username: form.user, password: form.password } });
	await page.goto(form.url, { waitUntil: 'domcontentloaded' });
	await page.getByLabel('Operator login').fill(login);
	await page.getByLabel('Temporary password').fill(password);
	await page.getByRole('button', { name: 'Submit' }).click();
	return page;
}

test('an ops person adds an operator as a table row and sets her password in the admin form; she signs in at the desk with it', async () => {
	const { projectId, tableId } = await dataTableId('Contact Center · Operators');
	await rest('POST', `/projects/${projectId}/data-tables/${tableId}/insert`, {
		data: [{ name: 'Tina', login: 'tina', role: 'supervisor', groups: 'General', languages: 'en', capacity: 3 }],
		returnType: 'count',
	});
	const router = routerOn(center.store.db);
	await eventually('the admin workflow’s next run to add Tina', async () => (await router.operators.get('tina')) !== null, 150_000);

	const page = await submitPasswordForm('tina', 'temporary-4321');
	await page.getByText('Tina (tina) can sign in at the operator desk with this password and will be asked to choose their own.').waitFor();

	const operatorDesk = await newPage();
	await operatorDesk.goto(center.n8n.webhookUrl('desk'));
	// The desk's own pages mark their elements with data-testid.
	const byId = (id: string) => operatorDesk.locator(`[data-testid="${id}"]`);
	await byId('login-name').fill('tina');
	await byId('login-password').fill('temporary-4321');
	await byId('login-submit').click();
	await byId('password-current').fill('temporary-4321');
	await byId('password-next').fill(OWN_PASSWORD);
	await byId('password-submit').click();
	await eventually('Tina on her desk', async () => (await byId('operator-name').textContent()) === 'Tina');
});

test('the form says why when it cannot: an unknown login', async () => {
	const page = await submitPasswordForm('nobody', 'temporary-4321');
	await page.getByText('Operator nobody does not exist.').waitFor();
});

test('a canned reply edited in the Data Table grid is what the operator’s desk offers next', async () => {
	const { projectId, tableId } = await dataTableId('Contact Center · Canned Replies');
	await editor.goto(`${center.n8n.baseUrl}/projects/${projectId}/datatables/${tableId}`, { waitUntil: 'domcontentloaded' });
	const greeting = editor.locator('.ag-row').filter({ has: editor.locator('.ag-cell', { hasText: /^Greeting$/ }) }).filter({ has: editor.locator('.ag-cell', { hasText: /^en$/ }) });
	const body = greeting.locator('.ag-cell', { hasText: '{{customer.name}}' });
	await body.dblclick();
	await editor.keyboard.press('ControlOrMeta+a');
	await editor.keyboard.type('Good day {{customer.name}}, {{operator.name}} from Acme here.');
	await editor.keyboard.press('Enter');
	await greeting.locator('.ag-cell', { hasText: 'Good day {{customer.name}}' }).waitFor();
	if (process.env.CC_SCREENSHOT === '1') await editor.screenshot({ path: resolve(SCREENSHOTS, 'canned-replies-table.png') });

	const anna = telegram.updates.customer({ first_name: 'Anna', last_name: 'Client', username: undefined, language_code: 'en' });
	const { conversationId } = await handOffOnTelegram(telegram, center.store, anna);
	const { token } = (await desk({ action: 'login', login: 'tina', password: OWN_PASSWORD })).body;
	await eventually(
		'the admin workflow’s next run to apply the table',
		async () => {
			const { replies } = (await desk({ action: 'canned', conversationId, query: 'Greeting' }, token)).body;
			return (replies as Array<{ text: string }>).some((r) => r.text === 'Good day Anna Client, Tina from Acme here.');
		},
		150_000,
	);
});
