/**
 * A customer on the web chat page, in headless Chromium against a real n8n running the shipped
 * support pipeline: the pre-chat form, a question, the bot's answer, and text that looks like
 * markup shown as text.
 */

import type { Browser, Page } from 'playwright-core';

import type { Store } from '../../nodes/shared/store';
import { launchChromium, watchPage } from '../harness/browser';
import { startContactCenter, template, type ContactCenter } from '../harness/contact-center';
import type { N8nProcess } from '../harness/n8n-process';
import { eventually } from '../harness/wait';

jest.setTimeout(240_000);

let n8n: N8nProcess;
let browser: Browser;
let store: Store;
let center: ContactCenter;

beforeAll(async () => {
	center = await startContactCenter({ workflows: [template('support-pipeline')] });
	({ n8n, store } = center);
	browser = await launchChromium();
});

afterAll(async () => {
	await browser?.close();
	await center?.stop();
});

async function openChat(): Promise<{ page: Page; dialogs: string[]; errors: string[] }> {
	const page = await (await browser.newContext()).newPage();
	const { dialogs, errors } = watchPage(page);
	await page.goto(n8n.webhookUrl('webchat'));
	return { page, dialogs, errors };
}

async function fillPreChat(page: Page, profile: { name: string; email?: string; phone?: string; orderNumber?: string }) {
	await page.fill('input[name=name]', profile.name);
	if (profile.phone) await page.fill('input[name=phone]', profile.phone);
	if (profile.email) await page.fill('input[name=email]', profile.email);
	if (profile.orderNumber) await page.fill('input[name=orderNumber]', profile.orderNumber);
	await page.click('#prechat button[type=submit]');
}

async function write(page: Page, text: string) {
	await page.fill('#composer textarea', text);
	await page.click('#composer button[type=submit]');
}

test('a customer fills the pre-chat form, asks where their order is and sees the answer on the page', async () => {
	const { page, errors } = await openChat();

	await fillPreChat(page, { name: 'Chloé Martin', email: 'chloe@example.fr', orderNumber: 'A-77' });
	await write(page, 'Where is my order?');

	const answer = page.locator('.line.agent').first();
	await answer.waitFor({ timeout: 20_000 });
	expect(await answer.textContent()).toContain('You asked: «Where is my order?»');
	expect(errors).toEqual([]);
	const [card] = await store.db.query('SELECT name, email, fields FROM customers');
	expect(card).toMatchObject({ name: 'Chloé Martin', email: 'chloe@example.fr' });
	expect(JSON.parse(String(card.fields))).toEqual({ orderNumber: 'A-77' });
});

test('the bot’s buttons show under its reply, and pressing “Talk to a person” sends that choice and gets an answer', async () => {
	const { page, errors } = await openChat();
	await fillPreChat(page, { name: 'Nina Petrenko', email: 'nina@example.com' });
	await write(page, 'Where is my order?');

	const person = page.locator('.choices button', { hasText: 'Talk to a person' });
	await person.waitFor({ timeout: 20_000 });
	await person.click();

	await page.locator('.line.customer', { hasText: 'Talk to a person' }).waitFor();
	await page.locator('.line.agent').nth(1).waitFor({ timeout: 20_000 });
	const [pressed] = await store.db.query("SELECT text FROM messages WHERE direction = 'in' AND text = 'Talk to a person'");
	expect(pressed).toBeDefined();
	expect(errors).toEqual([]);
});

test('the pre-chat form asks for a phone or an e-mail before the chat starts', async () => {
	const { page } = await openChat();

	await fillPreChat(page, { name: 'Nobody' });

	expect(await page.textContent('#prechat-error')).toMatch(/phone number or an e-mail/);
	expect(await page.isHidden('#conversation')).toBe(true);
});

test('a message containing <script> shows as text and runs nothing', async () => {
	const { page, dialogs, errors } = await openChat();
	await fillPreChat(page, { name: 'Mallory', phone: '+380501112233' });
	const hostile = '<script>alert("pwned")</script><img src=x onerror=alert(1)>';

	await write(page, hostile);

	const own = page.locator('.line.customer', { hasText: '<script>' });
	await own.waitFor();
	expect(await own.textContent()).toBe(hostile);
	expect(await page.locator('.lines script, .lines img').count()).toBe(0);
	// Wait for the round trip (stored, then shown again by the poll) before looking for effects.
	await page.locator('.line.agent').first().waitFor({ timeout: 20_000 });
	expect(dialogs).toEqual([]);
	expect(errors).toEqual([]);
});

test('a reply that comes later, from an operator, reaches the open page', async () => {
	const { page } = await openChat();
	await fillPreChat(page, { name: 'Olek', phone: '+380671234567' });
	await write(page, 'I want to talk to an operator');
	await page.locator('.line.agent').first().waitFor({ timeout: 20_000 });
	const [conversation] = await store.db.query("SELECT id FROM conversations WHERE channel = 'webchat' ORDER BY id DESC LIMIT 1");

	const later = await store.messages.addOutbound({ conversationId: Number(conversation.id), channel: 'webchat', author: 'operator:1', text: 'Hi Olek, Olga here. Let me check.' });
	await store.messages.markSent(later.id, null);

	await page.locator('.line.agent', { hasText: 'Olga here' }).waitFor({ timeout: 20_000 });
});

test('a customer who sends three lines at once sees none refused: the page keeps the chat’s pace and they arrive in order', async () => {
	const { page, errors } = await openChat();
	await fillPreChat(page, { name: 'Dana', email: 'dana@example.com' });
	const lines = ['Hello', 'my order A-12', 'has not arrived'];

	for (const text of lines) await write(page, text);

	const inbound = async () =>
		(
			await store.db.query<{ text: string }>(
				"SELECT m.text FROM messages m JOIN conversations v ON v.id = m.conversation_id JOIN customers c ON c.id = v.customer_id WHERE c.email = 'dana@example.com' AND m.direction = 'in' ORDER BY m.id",
			)
		).map((m) => m.text);
	await eventually('the three lines stored', async () => (await inbound()).length === 3, 20_000);
	expect(await inbound()).toEqual(lines);
	expect(await page.locator('.line.customer.refused').count()).toBe(0);
	expect(await page.isHidden('#wait')).toBe(true);
	expect(errors).toEqual([]);
});
