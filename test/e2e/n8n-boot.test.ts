/** The real n8n process the end-to-end tests build on: it starts with a published workflow,
 * answers on the workflow's production webhook URL, and shuts down cleanly. */
import { startN8n, type N8nProcess } from '../harness/n8n-process';

jest.setTimeout(180_000);

const greeter = {
	id: 'e2eBootGreeter1',
	name: 'Boot: greet the caller',
	nodes: [
		{
			id: 'b1',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '3f0d5c1e-boot-4a9b-9c1d-greeter00001',
			parameters: { httpMethod: 'POST', path: 'greet', responseMode: 'lastNode', options: {} },
		},
		{
			id: 'b2',
			name: 'Greeting',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: {
				assignments: {
					assignments: [{ id: 'g1', name: 'greeting', type: 'string', value: "={{ 'Hello, ' + $json.body.name }}" }],
				},
				options: {},
			},
		},
	],
	connections: { Webhook: { main: [[{ node: 'Greeting', type: 'main', index: 0 }]] } },
	settings: {},
};

describe('a real n8n 2.41 process', () => {
	let n8n: N8nProcess;

	beforeAll(async () => {
		n8n = await startN8n({ workflows: [greeter] });
	});

	afterAll(async () => {
		await n8n?.stop();
	});

	it('runs a published workflow when its production webhook is called', async () => {
		const response = await fetch(n8n.webhookUrl('greet'), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'Ann' }),
		});

		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ greeting: 'Hello, Ann' });
	});

	it('does not answer on a path no workflow registered', async () => {
		const response = await fetch(n8n.webhookUrl('nobody-home'), { method: 'POST' });

		expect(response.status).toBe(404);
	});

	it('serves the workflow again after a restart', async () => {
		await n8n.restart();

		const response = await fetch(n8n.webhookUrl('greet'), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'Bo' }),
		});

		expect(await response.json()).toEqual({ greeting: 'Hello, Bo' });
	});

	it('shuts down cleanly on SIGTERM', async () => {
		expect(await n8n.kill('SIGTERM')).toBe(0);
		await expect(fetch(`${n8n.baseUrl}/healthz`)).rejects.toThrow();
	});
});
