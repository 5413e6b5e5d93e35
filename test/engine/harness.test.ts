/** The in-process engine harness runs workflows through n8n's real WorkflowExecute, with n8n's
 * own nodes as the templates use them. */
import { runWorkflow, type WorkflowJson } from '../harness/engine';

const greetEveryCaller: WorkflowJson = {
	nodes: [
		{
			id: 'w1',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: 'engine-harness-greeter',
			parameters: { httpMethod: 'POST', path: 'greet', options: {} },
		},
		{
			id: 's1',
			name: 'Greeting',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: {
				assignments: {
					assignments: [
						{ id: 'a1', name: 'greeting', type: 'string', value: "={{ 'Hello, ' + $json.body.name }}" },
						{ id: 'a2', name: 'vip', type: 'boolean', value: '={{ $json.body.orders > 10 }}' },
					],
				},
				options: {},
			},
		},
		{
			id: 'i1',
			name: 'Is VIP?',
			type: 'n8n-nodes-base.if',
			typeVersion: 2.2,
			position: [440, 0],
			parameters: {
				conditions: {
					options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
					conditions: [
						{ id: 'c1', leftValue: '={{ $json.vip }}', rightValue: '', operator: { type: 'boolean', operation: 'true', singleValue: true } },
					],
					combinator: 'and',
				},
				options: {},
			},
		},
	],
	connections: {
		Webhook: { main: [[{ node: 'Greeting', type: 'main', index: 0 }]] },
		Greeting: { main: [[{ node: 'Is VIP?', type: 'main', index: 0 }]] },
	},
};

describe('the engine harness', () => {
	it('runs n8n’s own nodes on the items pinned as the trigger’s output', async () => {
		const run = await runWorkflow(greetEveryCaller, {
			triggerItems: [{ json: { body: { name: 'Ann', orders: 12 } } }, { json: { body: { name: 'Bo', orders: 1 } } }],
		});

		expect(run.error).toBeUndefined();
		expect(run.outputOf('Greeting')).toEqual([
			{ greeting: 'Hello, Ann', vip: true },
			{ greeting: 'Hello, Bo', vip: false },
		]);
		expect(run.outputOf('Is VIP?', 0)).toEqual([{ greeting: 'Hello, Ann', vip: true }]);
		expect(run.outputOf('Is VIP?', 1)).toEqual([{ greeting: 'Hello, Bo', vip: false }]);
	});

	it('says which nodes ran when asked for one that did not', async () => {
		const run = await runWorkflow(greetEveryCaller, { startNode: 'Greeting', triggerItems: [{ json: { body: { name: 'Cy' } } }] });

		expect(() => run.outputOf('Webhook')).toThrow('node "Webhook" did not run; these did: Greeting, Is VIP?');
	});
});
