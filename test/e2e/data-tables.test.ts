/**
 * Ops staff run the center from n8n's Data Tables, in a real n8n 2.41 with the shipped admin
 * template: when n8n starts it creates the tables with examples, and the scheduled run applies them; an edit
 * made through n8n's own data table API (what the editor's table view calls) — a canned reply's
 * text changed, an operator added — is in effect in the contact center after the next run, and
 * n8n starting again keeps the tables as ops staff left them.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { listCannedReplies } from '../../nodes/shared/desk/canned';
import { routerOn } from '../../nodes/shared/routing';
import type { Store } from '../../nodes/shared/store';
import { startContactCenter, type ContactCenter } from '../harness/contact-center';
import { dataTables, editorSession } from '../harness/editor-session';
import type { N8nProcess } from '../harness/n8n-process';
import { eventually } from '../harness/wait';

jest.setTimeout(300_000);

let center: ContactCenter;
let n8n: N8nProcess;
let store: Store;
/** The owner's session: n8n sets up its owner once, and the session outlives a restart. */
let rest: Awaited<ReturnType<typeof editorSession>>;

beforeAll(async () => {
	center = await startContactCenter({ workflows: [JSON.parse(readFileSync(resolve(__dirname, '../../workflows/admin.json'), 'utf8'))] });
	({ n8n, store } = center);
	rest = await editorSession(n8n);
});
afterAll(() => center?.stop());

test('n8n starting creates the tables with examples; an edited canned reply and a new operator are in effect after the next run', async () => {
	const router = routerOn(store.db);
	await eventually('the sample operators applied by the first scheduled run', async () => (await router.operators.get('olga')) !== null, 90_000);
	expect((await router.groups.list()).map((g) => g.name).sort()).toEqual(['Billing', 'General', 'Second Line', 'Supervisors']);

	const tables = await dataTables(rest);
	expect(tables.names).toEqual(['Contact Center · Canned Replies', 'Contact Center · Operators', 'Contact Center · Skill Groups']);

	await tables.update('Contact Center · Canned Replies', { name: 'Greeting', language: 'en' }, { body: 'Good day {{customer.name}}, {{operator.name}} from Acme here.' });
	await tables.insert('Contact Center · Operators', [{ name: 'Pierre', login: 'pierre', role: 'operator', groups: 'General', languages: 'fr', capacity: 4 }]);

	// One run applies the tables one after another: the operators may be in before the replies.
	const greeting = async () => (await listCannedReplies(store.db)).find((r) => r.name === 'Greeting' && r.language === 'en')?.body;
	await eventually(
		'the next run’s changes',
		async () => (await router.operators.get('pierre')) !== null && (await greeting()) === 'Good day {{customer.name}}, {{operator.name}} from Acme here.',
		150_000,
	);
	expect(await router.operators.get('pierre')).toMatchObject({ name: 'Pierre', capacity: 4, languages: ['fr'], status: 'offline' });
});

test('n8n starting again reuses the tables: no example is added twice and the edits stay', async () => {
	const before = await dataTables(rest);
	const operatorsBefore = await before.rows('Contact Center · Operators');
	const repliesBefore = await before.rows('Contact Center · Canned Replies');
	expect(operatorsBefore.map((r) => r.login)).toContain('pierre');

	const runs = await n8n.productionExecutions('cc-admin');
	await n8n.restart();
	// The start-up run and the first scheduled run after it.
	await eventually('two runs after the restart', async () => (await n8n.productionExecutions('cc-admin')) >= runs + 2, 150_000);

	const after = await dataTables(rest);
	expect(after.names).toEqual(before.names);
	const logins = (await after.rows('Contact Center · Operators')).map((r) => r.login);
	expect(logins.sort()).toEqual(operatorsBefore.map((r) => r.login).sort());
	const replies = await after.rows('Contact Center · Canned Replies');
	expect(replies).toHaveLength(repliesBefore.length);
	expect(replies.find((r) => r.name === 'Greeting' && r.language === 'en')?.body).toBe('Good day {{customer.name}}, {{operator.name}} from Acme here.');
});
