import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runOperation, type Operation } from '../../../nodes/node-kit/runner';
import { executionStarts } from '../../../nodes/shared/ingest/starts';

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

describe('the runner telling where each message’s pack work ends', () => {
	/** A customer's message as a channel trigger delivered it. */
	const delivered = (externalId: string): INodeExecutionData => ({
		json: { message: { channel: 'telegram', account: 'bot', conversationKey: externalId, externalId } } as IDataObject,
	});

	/**
	 * A pack node "Check" in a workflow: output 0 (and n8n's error output after it) wired as
	 * `links` says, the nodes named `pack` being the pack's. Counts how often it reads the workflow.
	 */
	function placed(items: INodeExecutionData[], links: Array<[string, number, string]>, pack: string[]) {
		const node = { name: 'Check', type: 'n8n-nodes-contact-center.check', onError: 'continueErrorOutput' };
		const reads = { count: 0 };
		const after = [...new Set(links.map(([, , to]) => to))];
		const ctx = {
			getInputData: () => items,
			getNode: () => node,
			continueOnFail: () => true,
			getNodeParameter: () => '',
			getWorkflow: () => ({ id: 'custom' }),
			getChildNodes: () => {
				reads.count++;
				return after.map((name) => ({ name, type: pack.includes(name) ? `n8n-nodes-contact-center.${name}` : `n8n-nodes-base.${name}`, disabled: false }));
			},
			getConnections: (destination: { name: string }) => [
				links.filter(([, , to]) => to === destination.name).map(([from, index]) => ({ node: from, type: 'main', index })),
			],
		} as unknown as IExecuteFunctions;
		return { ctx, reads };
	}

	/** Fails the message named 'broken', lets the others through. */
	const checking: Operation<null> = {
		description: [],
		async execute(_shared, i) {
			if ((this.getInputData()[i].json.message as IDataObject).externalId === 'broken') throw new Error('no such customer');
			return { json: {} };
		},
	};

	const ended = jest.spyOn(executionStarts, 'finished').mockImplementation(() => undefined);
	afterEach(() => ended.mockClear());
	afterAll(() => ended.mockRestore());
	const endedIds = () => ended.mock.calls.flatMap(([, messages]) => messages.map((message) => message.externalId));

	it('ends a message sent to an error output with nothing attached, and not one going on to a pack node', async () => {
		const { ctx } = placed([delivered('anna'), delivered('broken')], [['Check', 0, 'reply']], ['reply']);

		await run(ctx, checking);

		expect(endedIds()).toEqual(['broken']);
	});

	it('keeps a message going on through n8n nodes to a pack node, and ends it where the path leaves the pack for good', async () => {
		const onToPack = placed([delivered('anna')], [['Check', 0, 'if'], ['if', 0, 'reply']], ['reply']);
		await run(onToPack.ctx, checking);
		expect(endedIds()).toEqual([]);

		const toSlack = placed([delivered('boris')], [['Check', 0, 'slack']], []);
		await run(toSlack.ctx, checking);
		expect(endedIds()).toEqual(['boris']);
	});

	it('leaves the ends to n8n’s execution-end hook where the hook runs', async () => {
		const { ctx, reads } = placed([delivered('anna')], [['Check', 0, 'slack']], []);
		executionStarts.endsReportedByHook = true;

		await run(ctx, checking).finally(() => (executionStarts.endsReportedByHook = false));

		expect([endedIds(), reads.count]).toEqual([[], 0]);
	});

	it('reads the workflow once per node in an execution, however often the node runs', async () => {
		const { ctx, reads } = placed([delivered('anna')], [['Check', 0, 'reply']], ['reply']);

		await run(ctx, checking);
		await run(ctx, checking);

		expect(reads.count).toBe(1);
	});
});
