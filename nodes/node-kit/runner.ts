import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { failureSummary, pathSummary } from '../shared/envelope/summary';

/*
 * The one way every node of the pack runs its operations over the input items.
 *
 * A node's `actions/router.ts` lists its operations; each operation file exports its fields
 * (`description`) and its `execute`. The runner picks the operation from the node's `resource`
 * and `operation` parameters, opens what the operations of one execution share (the store, the
 * senders) once, runs the operation per item or once per execution, sends each result to the
 * output it names and pairs every item that leaves with the input it came from: n8n's
 * `$('Node').item` follows pairedItem, and n8n's pairedItem lint rule reads only `*.node.ts`.
 *
 * Several customers' messages share one execution while n8n is busy, so a failure is the
 * failing item's alone: under Continue On Fail (either setting) the item leaves with its
 * `error` and the others go on; with "continue (using error output)" n8n moves it to the error
 * output, where the template hands the message to a person. Without the setting the execution
 * stops at that item, as n8n's own nodes do.
 *
 * Every item that carries a customer's message leaves with `summary` first, one line saying where
 * that message got to ("Anna on telegram: handed off to Billing (line 1), queued #3"), so that an
 * execution shows each customer's path, node by node, without opening the item.
 */

/** One item leaving the node: by the first output unless it names another. */
export interface Emitted {
	json: IDataObject;
	output?: number;
	binary?: IBinaryKeyData;
}

export interface Operation<Shared> {
	/** `item` (the default): runs for every input item. `execution`: runs once, paired with the first item, whose parameters it reads. */
	runs?: 'item' | 'execution';
	/** Whether an item's result is laid over its input JSON (the default) or stands alone. A failed item keeps its input either way. */
	keepInput?: boolean;
	/** The operation's fields, each with `displayOptions` naming the operation. */
	description: INodeProperties[];
	/** The items for input `i` (always 0 when it runs once per execution). */
	execute(this: IExecuteFunctions, shared: Shared, i: number): Promise<Emitted | Emitted[]>;
}

/** Operations by resource, then by the `operation` value (see `chosen`). */
export type OperationTable<Shared> = Record<string, Record<string, Operation<Shared>>>;

export interface NodeRouter<Shared> {
	operations: OperationTable<Shared>;
	/** What the operations of one execution share, made once (the store, senders, a loaded model). */
	open(this: IExecuteFunctions, resource: string, operation: string): Promise<Shared>;
	/** How many outputs the node has for this operation (its description's `outputs`); 1 by default. */
	outputs?: number | ((this: IExecuteFunctions, resource: string, operation: string) => number);
	/** The output a failed item leaves by under Continue On Fail (Regular Output); 0 by default. */
	failedOutput?: number | ((this: IExecuteFunctions, resource: string, operation: string) => number);
}

/**
 * Operations by resource, then by the `operation` value. A node without resources has one named
 * '', and a node with a single operation (no `operation` parameter) names it '' too.
 */
function chosen<Shared>(ctx: IExecuteFunctions, table: OperationTable<Shared>) {
	const resources = Object.keys(table);
	const resource = resources.length === 1 && resources[0] === '' ? '' : (ctx.getNodeParameter('resource', 0) as string);
	const names = Object.keys(table[resource] ?? {});
	const operation = names.length === 1 && names[0] === '' ? '' : (ctx.getNodeParameter('operation', 0) as string);
	const op = table[resource]?.[operation];
	if (!op) {
		const what = resource ? `"${operation}" of "${resource}"` : `"${operation}"`;
		throw new NodeOperationError(ctx.getNode(), `The operation ${what} is not supported by this version of the node`);
	}
	return { resource, operation, op };
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/**
 * Runs the node's chosen operation over its input; a node's `execute` hands over to this. A node
 * with one operation passes `{ '': { '': operation } }` as its table.
 */
export async function runOperation<Shared>(ctx: IExecuteFunctions, router: NodeRouter<Shared>): Promise<INodeExecutionData[][]> {
	const { resource, operation, op } = chosen(ctx, router.operations);
	const count = typeof router.outputs === 'function' ? router.outputs.call(ctx, resource, operation) : (router.outputs ?? 1);
	const failedOutput = typeof router.failedOutput === 'function' ? router.failedOutput.call(ctx, resource, operation) : (router.failedOutput ?? 0);
	const out: INodeExecutionData[][] = Array.from({ length: count }, () => []);
	const items = ctx.getInputData();
	const keepInput = op.keepInput ?? true;
	const indexes = op.runs === 'execution' ? (items.length ? [0] : []) : items.map((_, i) => i);
	let shared: Shared | undefined;
	for (const i of indexes) {
		try {
			shared ??= await router.open.call(ctx, resource, operation);
			const emitted = await op.execute.call(ctx, shared, i);
			for (const { json, output = 0, binary } of Array.isArray(emitted) ? emitted : [emitted]) {
				if (output >= out.length) throw new Error(`The operation sent an item to output ${output + 1} of ${out.length}`);
				const base = keepInput && op.runs !== 'execution' ? items[i].json : {};
				out[output].push({ json: withSummary({ ...base, ...json }), ...(binary ? { binary } : {}), pairedItem: { item: i } });
			}
		} catch (error) {
			const failure = new NodeOperationError(ctx.getNode(), asError(error), { itemIndex: i });
			if (!ctx.continueOnFail()) throw failure;
			// n8n's "continue (using error output)" takes an item whose JSON is nothing but `error` and
			// lays the input item's JSON back under it (the next node's summary names the failure);
			// "continue" keeps the item here with its error.
			const json =
				ctx.getNode().onError === 'continueErrorOutput'
					? { error: failure.message }
					: withSummary({ ...items[i].json, error: failure.message }, failureSummary(items[i].json, ctx.getNode().name, failure.message));
			out[failedOutput].push({ json, pairedItem: { item: i } });
		}
	}
	return out;
}

/** The item with its path's line first (n8n's table view orders columns by the first item's keys). */
function withSummary(json: IDataObject, summary = pathSummary(json)): IDataObject {
	return summary === undefined ? json : Object.assign({ summary }, json, { summary });
}

/** JSON-safe copy of a core result, for an item. */
export const toJson = (value: unknown): IDataObject => JSON.parse(JSON.stringify(value)) as IDataObject;

/**
 * The outputs of a node one of whose operations sorts items when a switch of it is on: `names`
 * then, a single output otherwise (an expression n8n evaluates in the editor).
 */
export function outputsWhen(operation: string, option: string, names: string[]): `={{${string}}}` {
	const outputs = names.map((name) => `{ type: 'main', displayName: '${name}' }`).join(', ');
	return `={{ $parameter.operation === '${operation}' && $parameter.${option} ? [${outputs}] : [{ type: 'main' }] }}`;
}
