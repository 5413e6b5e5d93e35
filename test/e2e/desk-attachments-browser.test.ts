/**
 * One customer conversation carrying every kind of attachment, opened in the operator desk in
 * headless Chromium against a real n8n running the operator-desk template. The photo is fetched
 * by the desk behind its sign-in and handed to the page (whose policy loads images from nowhere
 * else); what cannot be fetched shows as a labelled placeholder; names full of markup stay text.
 */
import type { Browser, Page } from 'playwright-core';

import { deskPolicyWith, setPassword } from '../../nodes/shared/desk';
import { parseInbound, type Attachment } from '../../nodes/shared/envelope';
import { routerOn } from '../../nodes/shared/routing';
import { startFileHost, type FileHost } from '../fakes/fileHost';
import { launchChromium, watchPage } from '../harness/browser';
import { startContactCenter, template, type ContactCenter } from '../harness/contact-center';

jest.setTimeout(300_000);

const PASSWORD = 'a long desk passphrase';
const HOSTILE = '<img src=x onerror=alert(1)>';

let center: ContactCenter;
let host: FileHost;
let browser: Browser;
let conversationId: number;

beforeAll(async () => {
	host = await startFileHost();
	// The fake file server is on this host, which the desk fetches from only when the install lists it.
	center = await startContactCenter({ workflows: [template('operator-desk')], env: { CONTACT_CENTER_FETCH_ALLOW: '127.0.0.1' } });
	browser = await launchChromium();
	const { store } = center;
	const router = routerOn(store.db);
	const claims = await router.groups.create({ name: 'Claims', topics: ['claims'], line: 1 });
	await router.operators.create({ name: 'Olga', login: 'olga', skills: [claims.id], role: 'operator', status: 'online', capacity: 3 });
	await setPassword(store.db, 'olga', PASSWORD, { temporary: false }, deskPolicyWith({}));

	let n = 0;
	const customerSends = async (text: string, attachments: Attachment[], extra: { revises?: { kind: 'reaction'; of: string } } = {}) =>
		store.conversations.logInbound(
			parseInbound({
				channel: 'telegram',
				account: 'support',
				externalId: `m${++n}`,
				conversationKey: '4242',
				sender: { id: '4242', name: 'Ivan Petrov' },
				text,
				attachments,
				receivedAt: new Date().toISOString(),
				raw: {},
				...extra,
			}),
		);
	const first = await customerSends('The parcel came broken', [{ type: 'image', url: host.url('/photo.png'), mimeType: 'image/png' }]);
	conversationId = first.conversation.id;
	await customerSends('', [{ type: 'image', fileId: 'AgACAgIAAxkBAAIB' }]);
	await customerSends('', [{ type: 'image', url: host.url('/gone.png') }]);
	await customerSends('', [{ type: 'file', url: 'https://files.example.org/d/81/invoice.pdf', name: HOSTILE }]);
	await customerSends('', [{ type: 'file', url: 'javascript:alert(2)', name: 'receipt.pdf' }]);
	await customerSends('', [{ type: 'audio', fileId: 'AwACAgIAAxkBAAIC' }]);
	await customerSends('', [{ type: 'video', url: 'https://files.example.org/v/9.mp4', name: 'unboxing.mp4' }]);
	await customerSends('', [{ type: 'sticker', fileId: 'CAACAgIAAxkBAAID', name: '😢' }]);
	await customerSends('', [{ type: 'location', url: 'geo:55.7558,37.6173', name: 'Red Square' }]);
	await customerSends('', [{ type: 'contact', name: HOSTILE, url: 'tel:+79001234567' }]);
	// A reaction to a message the desk holds goes on that message; one to a message it never got stays a line of its own.
	await customerSends('', [{ type: 'reaction', name: '👍' }], { revises: { kind: 'reaction', of: 'm1' } });
	await customerSends('', [{ type: 'reaction', name: '🔥' }], { revises: { kind: 'reaction', of: 'sent-before-the-desk' } });
	await customerSends('', [{ type: 'unsupported', name: 'poll' }]);
	await router.route(first.conversation, { topic: 'claims' });
});

afterAll(async () => {
	await browser?.close();
	await center?.stop();
	await host?.close();
});

async function openConversation(): Promise<{ page: Page; dialogs: string[]; errors: string[]; browserAsked: string[] }> {
	const page = await (await browser.newContext({ viewport: { width: 1440, height: 1400 } })).newPage();
	// A desk call answered 502 shows among the console errors too, and is expected.
	const { dialogs, errors } = watchPage(page, (text) => !text.includes('status of 502'));
	const browserAsked: string[] = [];
	page.on('request', (r) => browserAsked.push(r.url()));
	await page.goto(center.n8n.webhookUrl('desk'));
	await page.getByTestId('login-name').fill('olga');
	await page.getByTestId('login-password').fill(PASSWORD);
	await page.getByTestId('login-submit').click();
	await page.locator(`[data-testid=conversation-row][data-conversation-id="${conversationId}"]`).click();
	await page.getByTestId('attachment').nth(11).waitFor();
	return { page, dialogs, errors, browserAsked };
}

test('every kind of attachment shows as an operator understands it, the photo as a thumbnail the desk fetched', async () => {
	const { page, dialogs, errors, browserAsked } = await openConversation();
	const attachment = (type: string) => page.locator(`[data-testid=attachment][data-type=${type}]`);

	const thumbnail = page.getByTestId('attachment-image');
	await thumbnail.waitFor();
	expect(await thumbnail.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
	expect(await thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
	expect(host.fetched).toContain('/photo.png');
	// Only the desk went to the file host: the browser asked nothing of it.
	expect(browserAsked.filter((url) => url.startsWith(host.url('/')))).toEqual([]);

	const images = attachment('image');
	await expectText(images.nth(1), 'imagekept by telegram; this desk cannot fetch it');
	await expectText(images.nth(2), 'imagenot shown: The image could not be fetched: its server answered 404.');
	expect(await images.nth(2).getAttribute('data-state')).toBe('unavailable');

	const invoice = attachment('file').nth(0).locator('a');
	expect(await invoice.textContent()).toBe(`file: ${HOSTILE}`);
	expect(await invoice.getAttribute('href')).toBe('https://files.example.org/d/81/invoice.pdf');
	expect(await invoice.getAttribute('rel')).toBe('noopener noreferrer');
	// A link in another scheme is no link at all.
	expect(await attachment('file').nth(1).locator('a').count()).toBe(0);
	expect(await attachment('file').nth(1).textContent()).toBe('file: receipt.pdfthe channel sent no link to it');

	expect(await attachment('audio').textContent()).toBe('audio messagekept by telegram; this desk cannot fetch it');
	expect(await attachment('video').locator('a').getAttribute('href')).toBe('https://files.example.org/v/9.mp4');
	expect(await attachment('video').textContent()).toBe('video: unboxing.mp4');
	expect(await attachment('sticker').textContent()).toBe('sticker 😢kept by telegram; this desk cannot fetch it');

	const place = attachment('location').locator('a');
	expect(await place.textContent()).toBe('55.75580, 37.61730 · Red Square (map)');
	expect(await place.getAttribute('href')).toBe('https://www.openstreetmap.org/?mlat=55.75580&mlon=37.61730#map=16/55.75580/37.61730');

	expect(await attachment('contact').textContent()).toBe(`contact: ${HOSTILE}+79001234567`);
	expect(await attachment('contact').getByTestId('attachment-phone').textContent()).toBe('+79001234567');
	expect(await attachment('reaction').textContent()).toBe('reacted 🔥 to a message');
	const brokenParcel = page.getByTestId('message').filter({ hasText: 'The parcel came broken' });
	expect(await brokenParcel.getByTestId('reactions').textContent()).toBe('👍');
	expect(await page.getByTestId('reactions').count()).toBe(1);
	expect(await attachment('unsupported').textContent()).toBe('the customer sent something this desk cannot show (poll)');

	// The list previews the last message, which has no text, by what it carries.
	expect(await page.locator(`[data-testid=conversation-row][data-conversation-id="${conversationId}"] .preview`).textContent()).toBe(
		'the customer sent something this desk cannot show (poll)',
	);

	// The markup in the names stayed text: the thumbnail is the page's only image, and nothing ran.
	expect(await page.locator('img').count()).toBe(1);
	expect(dialogs).toEqual([]);
	expect(errors).toEqual([]);
	await page.context().close();
});

async function expectText(locator: ReturnType<Page['locator']>, text: string) {
	await locator.filter({ hasText: text.slice(-20) }).waitFor();
	expect(await locator.textContent()).toBe(text);
}
