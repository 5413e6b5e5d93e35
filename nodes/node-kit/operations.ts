import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/*
 * The two ways the pack's nodes run an operation over their input items. Every item that leaves
 * is paired with the input it came from: n8n's `$('Node').item` follows pairedItem. n8n's lint
 * rule for pairedItem only reads `*.node.ts` files, so it cannot see this file: the pairing here
 * is what keeps the nodes that use it linked.
 */

function operationError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), error instanceof Error ? error : new Error(String(error)), { itemIndex });
}

const emptyOutputs = (count: number): INodeExecutionData[][] => Array.from({ length: count }, () => []);

/**
 * Runs an operation that acts on the store as a whole once per execution, whatever the number of
 * input items. Its rows leave on the first of the node's `outputs`, paired with the first item,
 * whose parameters it reads.
 */
export async function onceForAll(
	ctx: IExecuteFunctions,
	run: () => Promise<IDataObject | IDataObject[]>,
	outputs = 1,
): Promise<INodeExecutionData[][]> {
	let result: IDataObject | IDataObject[];
	try {
		result = await run();
	} catch (error) {
		throw operationError(ctx, error, 0);
	}
	const rows = Array.isArray(result) ? result : [result];
	const out = emptyOutputs(outputs);
	out[0] = rows.map((json) => ({ json, pairedItem: { item: 0 } }));
	return out;
}

/**
 * The outputs of a node one of whose operations sorts items when a switch of it is on: `names`
 * then, a single output otherwise (an expression n8n evaluates in the editor).
 */
export function outputsWhen(operation: string, option: string, names: string[]): `={{${string}}}` {
	const outputs = names.map((name) => `{ type: 'main', displayName: '${name}' }`).join(', ');
	return `={{ $parameter.operation === '${operation}' && $parameter.${option} ? [${outputs}] : [{ type: 'main' }] }}`;
}

/** One item's result on a node with several outputs: the output it leaves by. */
export interface Routed {
	output: number;
	json: IDataObject;
}

export interface EachItemOptions {
	/** Whether the result is merged onto the item's JSON (the default) or replaces it. A failed item keeps its JSON either way. */
	keepInput?: boolean;
	/** How many outputs the node has. */
	outputs?: number;
	/** The output a failed item leaves by under Continue On Fail. */
	failedOutput?: number;
}

/**
 * Runs an operation for every item and sends each to the output its result names. A failure
 * stops the execution at that item or, under Continue On Fail, becomes the item's `error`.
 */
export async function routeEachItem(
	ctx: IExecuteFunctions,
	run: (i: number, item: INodeExecutionData) => Promise<Routed>,
	{ keepInput = true, outputs = 1, failedOutput = 0 }: EachItemOptions = {},
): Promise<INodeExecutionData[][]> {
	const out = emptyOutputs(outputs);
	for (const [i, item] of ctx.getInputData().entries()) {
		try {
			const { output, json } = await run(i, item);
			out[output].push({ json: { ...(keepInput ? item.json : {}), ...json }, pairedItem: { item: i } });
		} catch (error) {
			const failure = operationError(ctx, error, i);
			if (!ctx.continueOnFail()) throw failure;
			const json = ctx.getNode().onError === 'continueErrorOutput' ? { error: failure.message } : { ...item.json, error: failure.message };
			out[failedOutput].push({ json, pairedItem: { item: i } });
		}
	}
	return out;
}

/** `routeEachItem` for an operation whose every item leaves by the first output. */
export function eachItem(
	ctx: IExecuteFunctions,
	run: (i: number, item: INodeExecutionData) => Promise<IDataObject>,
	options: EachItemOptions = {},
): Promise<INodeExecutionData[][]> {
	return routeEachItem(ctx, async (i, item) => ({ output: 0, json: await run(i, item) }), options);
}
