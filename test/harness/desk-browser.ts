/**
 * The operator desk in headless Chromium, as the desk's page tests open it: each page in a fresh
 * browser context (closed after its test, so that no page keeps polling into the next), its
 * dialogs and script errors kept — a script or style the Content-Security-Policy blocked shows
 * among the errors.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

import { watchPage } from './browser';
import type { N8nProcess } from './n8n-process';
import { eventually } from './wait';

export interface DeskPage {
	page: Page;
	dialogs: string[];
	errors: string[];
}

/** Call at a test file's top level: `browser` and `n8n` are read when a page opens, after beforeAll. */
export function deskPages(running: () => { browser: Browser; n8n: N8nProcess }) {
	const contexts: BrowserContext[] = [];
	afterEach(async () => {
		await Promise.all(contexts.splice(0).map((c) => c.close()));
	});

	return async function openDesk({ viewport = { width: 1440, height: 900 }, acceptDownloads = false } = {}): Promise<DeskPage> {
		const { browser, n8n } = running();
		const context = await browser.newContext({ viewport, acceptDownloads });
		contexts.push(context);
		const page = await context.newPage();
		const { dialogs, errors } = watchPage(page, () => true);
		await page.goto(n8n.webhookUrl('desk'));
		return { page, dialogs, errors };
	};
}

export async function signIn(page: Page, login: string, password: string) {
	await page.getByTestId('login-name').fill(login);
	await page.getByTestId('login-password').fill(password);
	await page.getByTestId('login-submit').click();
	await page.getByTestId('desk').waitFor();
}

/** Waits until the element shows exactly `text`. */
export async function shows(locator: Locator, text: string) {
	await eventually(`«${text}» on the page`, async () => (await locator.textContent()) === text, 30_000);
}
