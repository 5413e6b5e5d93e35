/**
 * The admin forms other than Set Password (editor-browser covers that one), filled in headless
 * Chromium on a real n8n 2.41 with the support pipeline, the operator desk and the admin
 * templates, each checked by its effect: an operator locked out by failed sign-ins signs in after
 * Unlock Sign-In; a topic added as rows of the Topics table is what Retrain teaches the
 * classifier; a knowledge base file imported through the form is rows of the Knowledge Base table
 * (what ops staff see and edit) and what the next customer is told. And a temporary password typed
 * in Set Password is not kept in n8n's executions when the answer page is never shown.
 */
import { resolve } from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { listKnowledge } from '../../nodes/shared/bot';
import { deskPolicyWith, setPassword } from '../../nodes/shared/desk';
import { routerOn } from '../../nodes/shared/routing';
import { classifyWithModel, ensureModel, modelInfo, trainingSet } from '../../nodes/shared/topics';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram/server';
import { launchChromium } from '../harness/browser';
import { adminForm, callDesk, startContactCenter, template, type ContactCenter } from '../harness/contact-center';
import { dataTables, editorSession } from '../harness/editor-session';
import { eventually } from '../harness/wait';

jest.setTimeout(600_000);

let center: ContactCenter;
let telegram: FakeTelegram;
let browser: Browser;
let rest: Awaited<ReturnType<typeof editorSession>>;
let tables: Awaited<ReturnType<typeof dataTables>>;

beforeAll(async () => {
	telegram = await startFakeTelegram();
	center = await startContactCenter({
		workflows: ['support-pipeline', 'operator-desk', 'admin-bot-tables', 'admin-forms'].map(template),
		telegram,
		readyTimeoutMs: 480_000,
	});
	browser = await launchChromium();
	await eventually('the tables created when n8n started', async () => (await listKnowledge(center.store.db)).length > 0, 150_000);
	rest = await editorSession(center.n8n);
	tables = await dataTables(rest);
});

afterAll(async () => {
	await browser?.close();
	await center?.stop();
	await telegram?.close();
});

/** An admin form opened in Chromium as ops staff open it, signed in with the install's form user. */
async function openForm(nodeName: string): Promise<Page> {
	const form = adminForm(center.n8n, nodeName);
	const context = await browser.newContext({ httpCredentials: { username: form.user, password: form.password } });
	// On a loaded machine n8n's form page takes longer than Playwright's 30 s.
	context.setDefaultTimeout(120_000);
	const page = await context.newPage();
	await page.goto(form.url, { waitUntil: 'domcontentloaded' });
	return page;
}

test('an operator locked out by failed sign-ins signs in again after Unlock Sign-In', async () => {
	const router = routerOn(center.store.db);
	await router.operators.create({ name: 'Nina', login: 'nina', skills: [], role: 'operator', status: 'offline', capacity: 2 });
	await setPassword(center.store.db, 'nina', 'nina’s own passphrase', { temporary: false }, deskPolicyWith({}));
	const signIn = (password: string) => callDesk(center.n8n, { action: 'login', login: 'nina', password });

	for (let i = 0; i < 40 && (await signIn(`guess ${i}`)).status !== 429; i++);
	const locked = await signIn('nina’s own passphrase');
	expect(locked.status).toBe(429);

	const page = await openForm('Unlock Sign-In Form');
	await page.getByLabel('Operator login').fill('nina');
	await page.getByRole('button', { name: 'Submit' }).click();
	await page.getByText(/^Nina \(nina\) can sign in again now/).waitFor();

	const unlocked = await signIn('nina’s own passphrase');
	expect(unlocked.status).toBe(200);
	expect(unlocked.body.token).toEqual(expect.any(String));
});

const WARRANTY = [
	'My kettle broke after a month, is it covered by the warranty?',
	'The warranty should cover my broken blender',
	'How do I make a warranty claim for a faulty toaster?',
	'Is my vacuum cleaner still under warranty?',
	'I want a warranty repair for my coffee machine',
	'Does the two year warranty include the battery?',
];

test('a topic added as rows of the Topics table is what Retrain teaches the classifier', async () => {
	await tables.insert('Contact Center · Topics', WARRANTY.map((text) => ({ text, label: 'warranty', language: 'en' })));
	const source = { kind: 'table' as const, file: { kind: 'file' as const, path: resolve(__dirname, '../../workflows/data/topics.csv'), columns: { text: 'text', label: 'label' } } };
	await eventually(
		'the next scheduled run to apply the Topics table',
		async () => (await trainingSet(center.store, 'support', source)).some((example) => example.label === 'warranty'),
		150_000,
	);
	expect((await modelInfo(center.store, 'support'))?.topics ?? []).not.toContain('warranty');

	const page = await openForm('Retrain Classifier Form');
	// Left empty, the form retrains the support pipeline's own classifier.
	await page.getByRole('button', { name: 'Submit' }).click();
	await page.getByText(/^"support" knows \d+ topics from \d+ examples/).waitFor();

	expect((await modelInfo(center.store, 'support'))?.topics).toContain('warranty');
	// The model the form trained is the one the pipeline's classifier loads for these examples.
	const model = await ensureModel(center.store, 'support', await trainingSet(center.store, 'support', source));
	expect(model.origin).toBe('store');
	expect(classifyWithModel(model, 'My toaster broke, is it covered by the warranty?', 0.5).topic).toBe('warranty');
});

const KB_FILE = [
	'intent,language,question,answer,tags',
	'opening_hours,en,What are your opening hours?|When are you open,"Our shop is open 8:00–20:00, every day of the week.",hours',
	'order_status,en,Where is my order?|Has my order been shipped,"Every order now ships the same day; follow it at https://acme.test/track.",orders',
].join('\n');

test('a knowledge base file imported through the form is rows of the Knowledge Base table and what the next customer is told', async () => {
	const page = await openForm('Import Knowledge Base Form');
	await page.locator('input[type="file"]').setInputFiles({ name: 'answers.csv', mimeType: 'text/csv', buffer: Buffer.from(KB_FILE) });
	await page.getByRole('button', { name: 'Submit' }).click();
	await page.getByText(/^2 rows of the file are in the Data Table “Contact Center · Knowledge Base”/).waitFor();

	// What ops staff see: the new answer added, the file's order_status (en) in place of the old one, the rest kept.
	const rows = await tables.rows('Contact Center · Knowledge Base');
	expect(rows.filter((r) => r.intent === 'opening_hours')).toEqual([expect.objectContaining({ language: 'en', answer: 'Our shop is open 8:00–20:00, every day of the week.' })]);
	expect(rows.filter((r) => r.intent === 'order_status' && r.language === 'en')).toEqual([expect.objectContaining({ answer: expect.stringContaining('same day') })]);
	expect(rows.some((r) => r.intent === 'order_status' && r.language === 'ru')).toBe(true);

	const anna = telegram.updates.customer({ first_name: 'Anna', language_code: 'en' });
	await telegram.deliver(telegram.updates.text(anna, 'When are you open?'));
	const [answer] = await eventually('the bot’s answer', () => telegram.sent(anna.id).length > 0 && telegram.sent(anna.id));
	expect(answer.text).toContain('Our shop is open 8:00–20:00, every day of the week.');
});

test('a temporary password sent through Set Password whose answer page is never shown is gone from n8n’s executions within minutes', async () => {
	await routerOn(center.store.db).operators.create({ name: 'Omar', login: 'omar', skills: [], role: 'operator', status: 'offline', capacity: 2 });
	const form = adminForm(center.n8n, 'Set Password Form');
	const body = new FormData();
	body.set('field-0', 'omar');
	body.set('field-1', 'omar-temporary-5309');
	body.set('field-2', 'yes');
	// The browser would follow to the answer page; this one leaves (a closed tab).
	await fetch(form.url, { method: 'POST', headers: { authorization: form.authorization }, body, redirect: 'manual' });

	const runs = async () => ((await rest('GET', `/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: 'cc-admin-forms' }))}`)).results as Array<{ id: string; status: string }>);
	const waiting = await eventually('the run waiting for its answer page', async () => (await runs()).find((run) => run.status === 'waiting'), 60_000);
	// While it waits, the run holds what the form sent, the password among it …
	expect(JSON.stringify(await rest('GET', `/executions/${waiting.id}`))).toContain('omar-temporary-5309');
	expect((await callDesk(center.n8n, { action: 'login', login: 'omar', password: 'omar-temporary-5309' })).status).toBe(200);
	// … for a minute at most: then it ends, and the workflow keeps no finished run.
	await eventually('the waiting run to end and be gone', async () => !(await runs()).some((run) => run.id === waiting.id), 240_000);
});
