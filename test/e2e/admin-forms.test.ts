/**
 * The outage-broadcast form in a real n8n, prepared as `npm start` prepares it: its URL is made
 * for this install (the id shipped in the template answers nothing), an anonymous visitor or a
 * wrong password is refused and starts nothing, and the install's own sign-in opens the form.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { incidentBanner } from '../../nodes/shared/bot';
import { basicAuth, startContactCenter, template, type ContactCenter } from '../harness/contact-center';
import TEMPLATE from '../../workflows/outage-broadcast.json';

jest.setTimeout(120_000);

let center: ContactCenter;
let formUrl: string;
let signIn: { formUser: string; formPassword: string };

beforeAll(async () => {
	center = await startContactCenter({ workflows: [template('outage-broadcast')] });
	const { userFolder } = center.n8n;
	signIn = JSON.parse(readFileSync(join(userFolder, 'install-secrets.json'), 'utf8'));
	const prepared = JSON.parse(readFileSync(join(userFolder, 'import/workflows/cc-outage-broadcast.json'), 'utf8'));
	const form = prepared.nodes.find((node: { type: string }) => node.type === 'n8n-nodes-base.formTrigger');
	formUrl = `${center.n8n.baseUrl}/form/${form.webhookId}`;
});

afterAll(async () => {
	await center?.stop();
});

const basic = (user: string, password: string) => ({ authorization: basicAuth(user, password) });

const submit = (url: string, headers: Record<string, string> = {}) => {
	const body = new FormData();
	body.set('field-0', 'Payments are down');
	body.set('field-3', 'vip');
	return fetch(url, { method: 'POST', headers, body });
};

test('the form’s URL is this install’s own: the id shipped in the template serves nothing', async () => {
	const shipped = TEMPLATE.nodes.find((node) => node.type === 'n8n-nodes-base.formTrigger')!.webhookId;
	expect(formUrl).not.toContain(shipped);
	expect((await fetch(`${center.n8n.baseUrl}/form/${shipped}`)).status).toBe(404);
	expect((await submit(`${center.n8n.baseUrl}/form/${shipped}`)).status).toBe(404);
});

test('an anonymous or wrongly signed submission is refused and starts nothing; the install’s sign-in opens the form', async () => {
	const anonymous = await submit(formUrl);
	const guessed = await submit(formUrl, basic(signIn.formUser, 'password'));
	expect([anonymous.status, guessed.status]).toEqual([401, 401]);
	expect((await fetch(formUrl)).status).toBe(401);
	// Its 5-minute schedule (Send Held Notices) may run meanwhile: only what a request started counts.
	expect(await center.n8n.requestExecutions('cc-outage-broadcast')).toBe(0);
	expect(await incidentBanner(center.store.db)).toBeNull();

	const page = await fetch(formUrl, { headers: basic(signIn.formUser, signIn.formPassword) });
	expect(page.status).toBe(200);
	expect(await page.text()).toContain('Outage notice');
});

test('the install’s secrets file is readable by its owner only', () => {
	expect(statSync(join(center.n8n.userFolder, 'install-secrets.json')).mode & 0o077).toBe(0);
	expect(statSync(join(center.n8n.userFolder, 'encryption.key')).mode & 0o077).toBe(0);
});
