/**
 * `npm start` imports the templates on every start (scripts/prepare-n8n.mjs), and ops staff change
 * them in n8n's editor: enable a channel's trigger, pick its credential, reword a text. A workflow
 * saved in n8n since the last import is kept as saved on the next start; one nobody touched takes
 * the file's new version.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

import { n8nRuntimeDir, startN8n, type N8nProcess } from '../harness/n8n-process';
import { eventually } from '../harness/wait';

jest.setTimeout(300_000);

/** Webhook → Set answering `{ greeting }`, at its own path. */
const greeter = (id: string, path: string, greeting: string) => ({
	id,
	name: `Greeter ${path}`,
	nodes: [
		{
			id: `${id}-hook`,
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: `7e1d0c2a-edit-4b8e-9f10-${path.padEnd(12, '0').slice(0, 12)}`,
			parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} },
		},
		{
			id: `${id}-set`,
			name: 'Greeting',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: { assignments: { assignments: [{ id: 'g1', name: 'greeting', type: 'string', value: greeting }] }, options: {} },
		},
	],
	connections: { Webhook: { main: [[{ node: 'Greeting', type: 'main', index: 0 }]] } },
	settings: {},
});

const OWNER = { email: 'ops@acme.test', password: 'Ops-lead-2026!', firstName: 'Ops', lastName: 'Lead' };

let n8n: N8nProcess;

afterAll(async () => {
	await n8n?.stop();
});

async function greetingAt(path: string) {
	const response = await fetch(n8n.webhookUrl(path), { method: 'POST' });
	return ((await response.json()) as { greeting: string }).greeting;
}

test('a template saved in the editor survives the next start; an untouched one takes the new file', async () => {
	n8n = await startN8n({ workflows: [greeter('editedGreeter01', 'edited', 'Hello'), greeter('plainGreeter001', 'plain', 'Hello')] });

	// The owner rewords one greeting in the editor and publishes it, as the editor's Save and Publish do.
	const setup = await fetch(`${n8n.baseUrl}/rest/owner/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(OWNER) });
	expect(setup.status).toBe(200);
	const headers = { cookie: (setup.headers.get('set-cookie') ?? '').split(';')[0], 'browser-id': 'e2e', 'content-type': 'application/json' };
	const rest = async (method: string, path: string, body?: unknown) => {
		const response = await fetch(`${n8n.baseUrl}/rest${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
		if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
		return ((await response.json()) as { data: any }).data;
	};
	const saved = await rest('GET', '/workflows/editedGreeter01');
	const nodes = saved.nodes.map((node: { name: string; parameters: any }) =>
		node.name === 'Greeting' ? { ...node, parameters: { ...node.parameters, assignments: { assignments: [{ id: 'g1', name: 'greeting', type: 'string', value: 'Good day from ops' }] } } } : node,
	);
	const edited = await rest('PATCH', '/workflows/editedGreeter01', { versionId: saved.versionId, nodes });
	await rest('POST', '/workflows/editedGreeter01/activate', { versionId: edited.versionId });
	await eventually('the edited version published', async () => (await greetingAt('edited')) === 'Good day from ops');

	// A new release of the pack changes both templates; n8n stops and `npm start` prepares the folder again.
	expect(await n8n.kill('SIGTERM')).toBe(0);
	const input = resolve(n8n.userFolder, '../input');
	writeFileSync(resolve(input, 'workflow-0.json'), JSON.stringify(greeter('editedGreeter01', 'edited', 'Hello again')));
	writeFileSync(resolve(input, 'workflow-1.json'), JSON.stringify(greeter('plainGreeter001', 'plain', 'Hello again')));
	const prepare = resolve(__dirname, '../../scripts/prepare-n8n.mjs');
	const args = [prepare, n8n.userFolder, '--n8n', n8nRuntimeDir(), '--creds', resolve(input, 'credentials.json'), '--workflows', resolve(input, 'workflow-0.json'), '--workflows', resolve(input, 'workflow-1.json')];
	// As `npm start` runs it: Jest's NODE_ENV=test would put n8n's CLI in its test mode.
	const { NODE_ENV: _jest, ...env } = process.env;
	const { stderr } = await promisify(execFile)(process.execPath, args, { env });
	expect(stderr).toContain('"Greeter edited" (editedGreeter01): kept as saved in n8n');
	expect(stderr).toContain('"Greeter plain" (plainGreeter001): published');
	expect(JSON.parse(readFileSync(resolve(n8n.userFolder, 'import/published.json'), 'utf8'))).toEqual(['plainGreeter001']);

	await n8n.restart();
	expect(await greetingAt('edited')).toBe('Good day from ops');
	expect(await greetingAt('plain')).toBe('Hello again');
});
