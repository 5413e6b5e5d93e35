import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runOperation, type Operation } from '../../../nodes/node-kit/runner';

/** An item carrying a customer's message on one chat. */
const message = (chat: string, text: string): INodeExecutionData => ({
	json: { message: { channel: 'telegram', account: 'bot', conversationKey: chat, text } } as IDataObject,
});

function context(items: INodeExecutionData[], continueOnFail = false): IExecuteFunctions {
	return {
		getInputData: () => items,
		getNode: () => ({ name: 'Node', type: 'n8n-nodes-contact-center.node', onError: continueOnFail ? 'continueRegularOutput' : 'stopWorkflow' }),
		continueOnFail: () => continueOnFail,
		getNodeParameter: () => '',
		getWorkflow: () => ({ id: 'support' }),
		getChildNodes: () => [],
	} as unknown as IExecuteFunctions;
}

/** An operation whose items each wait for the test to let them finish, logging when they start and end. */
function gatedOperation(inTurnPer?: 'conversation') {
	const log: string[] = [];
	const gates = new Map<string, () => void>();
	const operation: Operation<null> = {
		description: [],
		inTurnPer,
		async execute(_shared, i) {
			const text = String((this.getInputData()[i].json.message as IDataObject).text);
			log.push(`start ${text}`);
			await new Promise<void>((done) => gates.set(text, done));
			log.push(`end ${text}`);
			if (text === 'broken') throw new Error('no such customer');
			return { json: { answered: text } };
		},
	};
	const finish = async (text: string) => {
		for (let tries = 0; !gates.has(text) && tries < 50; tries++) await new Promise((tick) => setImmediate(tick));
		gates.get(text)!();
	};
	return { operation, log, finish };
}

const run = (ctx: IExecuteFunctions, operation: Operation<null>, open = async () => null) =>
	runOperation(ctx, { operations: { '': { '': operation } }, open });

describe('the runner', () => {
	it('works on several customers’ messages at once, each conversation’s in turn, and answers in input order', async () => {
		const { operation, log, finish } = gatedOperation('conversation');
		const items = [message('anna', 'anna 1'), message('boris', 'boris 1'), message('anna', 'anna 2')];
		const running = run(context(items), operation);

		await finish('boris 1');
		expect(log).toEqual(['start anna 1', 'start boris 1', 'end boris 1']);
		await finish('anna 1');
		await finish('anna 2');
		const [out] = await running;

		expect(log.indexOf('start anna 2')).toBeGreaterThan(log.indexOf('end anna 1'));
		expect(out.map((item) => [item.json.answered, item.pairedItem])).toEqual([
			['anna 1', { item: 0 }],
			['boris 1', { item: 1 }],
			['anna 2', { item: 2 }],
		]);
	});

	it('takes items one after another when the operation does not say otherwise', async () => {
		const { operation, log, finish } = gatedOperation();
		const running = run(context([message('anna', 'anna 1'), message('boris', 'boris 1')]), operation);

		await finish('anna 1');
		await finish('boris 1');
		await running;

		expect(log).toEqual(['start anna 1', 'end anna 1', 'start boris 1', 'end boris 1']);
	});

	it('stops at a failed item without Continue On Fail, starting no other', async () => {
		const { operation, log, finish } = gatedOperation();
		const running = run(context([message('anna', 'broken'), message('boris', 'boris 1')]), operation);

		await finish('broken');

		await expect(running).rejects.toThrow('no such customer');
		expect(log).toEqual(['start broken', 'end broken']);
	});

	it('lets the other customers’ messages go on past a failed one under Continue On Fail', async () => {
		const { operation, finish } = gatedOperation('conversation');
		const running = run(context([message('anna', 'broken'), message('boris', 'boris 1')], true), operation);

		await finish('broken');
		await finish('boris 1');
		const [out] = await running;

		expect(out.map((item) => item.json.error ?? item.json.answered)).toEqual(['no such customer', 'boris 1']);
	});

	it('opens what the items share once, however many start together', async () => {
		let opened = 0;
		const operation: Operation<number> = { description: [], inTurnPer: 'conversation', execute: async (shared) => ({ json: { shared } }) };
		const items = [message('anna', 'a'), message('boris', 'b'), message('clara', 'c')];

		const [out] = await runOperation(context(items), { operations: { '': { '': operation } }, open: async () => ++opened });

		expect(opened).toBe(1);
		expect(out.map((item) => item.json.shared)).toEqual([1, 1, 1]);
	});
});
