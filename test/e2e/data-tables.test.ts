/**
 * Ops staff run the center from n8n's Data Tables, in a real n8n 2.41 with the shipped admin
 * template: when n8n starts it creates the tables with examples, and the scheduled run applies them; an edit
 * made through n8n's own data table API (what the editor's table view calls) — a canned reply's
 * text changed, an operator added — is in effect in the contact center after the next run.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { listCannedReplies } from '../../nodes/shared/desk/canned';
import { routerOn } from '../../nodes/shared/routing';
import type { Store } from '../../nodes/shared/store';
import { startContactCenter, type ContactCenter } from '../harness/contact-center';
import type { N8nProcess } from '../harness/n8n-process';
import { eventually } from '../harness/wait';

jest.setTimeout(300_000);

let center: ContactCenter;
let n8n: N8nProcess;
let store: Store;

beforeAll(async () => {
	center = await startContactCenter({ workflows: [JSON.parse(readFileSync(resolve(__dirname, '../../workflows/admin.json'), 'utf8'))] });
	({ n8n, store } = center);
});
afterAll(() => center?.stop());

/** The editor's session: the owner set up as on a fresh install, signed in with a cookie. */
async function editorSession() {
	const setup = await fetch(`${n8n.baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email: 'ops@acme.test', firstName: 'Ops', lastName: 'Lead', password: 'Ops-lead-2026!' }),
	});
	if (!setup.ok) throw new Error(`owner setup: ${setup.status} ${await setup.text()}`);
	const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0];
	const rest = async (method: string, path: string, body?: unknown) => {
		const response = await fetch(`${n8n.baseUrl}/rest${path}`, {
			method,
			headers: { cookie, 'content-type': 'application/json', 'browser-id': 'e2e' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const json = (await response.json()) as { data: unknown };
		if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
		return json.data as any;
	};
	return rest;
}

test('n8n starting creates the tables with examples; an edited canned reply and a new operator are in effect after the next run', async () => {
	const router = routerOn(store.db);
	await eventually('the sample operators applied by the first scheduled run', async () => (await router.operators.get('olga')) !== null, 90_000);
	expect((await router.groups.list()).map((g) => g.name).sort()).toEqual(['Billing', 'General', 'Second Line', 'Supervisors']);

	const rest = await editorSession();
	const project = await rest('GET', '/projects/personal');
	const tables = (await rest('GET', `/projects/${project.id}/data-tables`)).data as Array<{ id: string; name: string }>;
	const tableId = (name: string) => tables.find((t) => t.name === name)!.id;
	expect(tables.map((t) => t.name).sort()).toEqual(['Contact Center · Canned Replies', 'Contact Center · Operators', 'Contact Center · Skill Groups']);

	await rest('PATCH', `/projects/${project.id}/data-tables/${tableId('Contact Center · Canned Replies')}/rows`, {
		filter: { type: 'and', filters: [{ columnName: 'name', condition: 'eq', value: 'Greeting' }, { columnName: 'language', condition: 'eq', value: 'en' }] },
		data: { body: 'Good day {{customer.name}}, {{operator.name}} from Acme here.' },
	});
	await rest('POST', `/projects/${project.id}/data-tables/${tableId('Contact Center · Operators')}/insert`, {
		data: [{ name: 'Pierre', login: 'pierre', role: 'operator', groups: 'General', languages: 'fr', capacity: 4 }],
		returnType: 'count',
	});

	// One run applies the tables one after another: the operators may be in before the replies.
	const greeting = async () => (await listCannedReplies(store.db)).find((r) => r.name === 'Greeting' && r.language === 'en')?.body;
	await eventually(
		'the next run’s changes',
		async () => (await router.operators.get('pierre')) !== null && (await greeting()) === 'Good day {{customer.name}}, {{operator.name}} from Acme here.',
		150_000,
	);
	expect(await router.operators.get('pierre')).toMatchObject({ name: 'Pierre', capacity: 4, languages: ['fr'], status: 'offline' });
});
